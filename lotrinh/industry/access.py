"""Enterprise accounts: an external user who sees only their own enterprise.

Routes under ``dn/<slug:enterprise_slug>/`` (pages) and ``/api/dn/{enterprise_slug}/...`` (API) carry
``@enterprise_view()``. It resolves the user's active ``EnterpriseContact`` of that enterprise — anyone else gets
the same 404 as an unknown enterprise, so who is a contact does not leak — and runs the view inside the scope of
the centers that have an ACTIVE partnership with the enterprise. Center-owned rows of other centers are thus
unreachable; a view must still filter every query by ``enterprise=request.enterprise`` (the scope holds rows of
other enterprises partnered with the same centers).
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from lotrinh.core.middleware import is_api, not_found
from lotrinh.core.tenancy import _declare


def enterprise_contact_for(user, enterprise_slug: str):
    """The active contact of ``user`` at the enterprise with that slug, or None."""
    from .models import EnterpriseContact

    if not user.is_authenticated or not user.is_active:
        return None
    with scopes_disabled():
        return (
            EnterpriseContact.objects.select_related("enterprise")
            .filter(enterprise__slug=enterprise_slug, user=user, is_active=True)
            .first()
        )


def partner_center_ids(enterprise) -> list[int]:
    """The centers with an active partnership with the enterprise."""
    from .models import Partnership

    with scopes_disabled():
        return list(
            Partnership.objects.filter(enterprise=enterprise, status=Partnership.Status.ACTIVE)
            .order_by("center_id")
            .values_list("center_id", flat=True)
        )


def enterprise_view(perm: str | None = None) -> Callable:
    """A page or API operation of one enterprise, for its own active contacts only.

    ``perm`` is declared for the route check; enterprise accounts have no roles, so it is not checked beyond
    being an active contact.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                if is_api(request):
                    return JsonResponse({"detail": _("Please log in."), "code": "unauthorized"}, status=401)
                return redirect_to_login(request.get_full_path())
            contact = enterprise_contact_for(request.user, kwargs.get("enterprise_slug") or "")
            if contact is None:
                return not_found(request)
            request.enterprise = contact.enterprise
            request.enterprise_contact = contact
            centers = partner_center_ids(contact.enterprise)
            request.partner_center_ids = centers
            with scope(center=centers):
                return view(request, *args, **kwargs)

        return _declare(wrapped, "enterprise", perm)

    return decorator


def enterprises_of_user(user) -> list:
    """The enterprises the user is an active contact of (for the home page's "your enterprises")."""
    from .models import Enterprise

    if not user.is_authenticated:
        return []
    with scopes_disabled():
        return list(
            Enterprise.objects.filter(contacts__user=user, contacts__is_active=True).distinct().order_by("name")
        )
