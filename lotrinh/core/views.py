from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .audit_display import change_lines
from .errors import ApplicationError
from .exporting import Column, personal_data_xlsx_response
from .forms import (
    ApiTokenForm,
    AuditFilterForm,
    CenterRecordChangeForm,
    LoginForm,
    ProfileForm,
    RoleChangeForm,
    StaffAddForm,
)
from .htmx import is_htmx, render_form_errors
from .models import ApiToken, Membership, User
from .roles import Role
from .tenancy import center_view, public_view, user_view

login_view = public_view(
    auth_views.LoginView.as_view(
        template_name="core/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
    )
)
logout_view = public_view(auth_views.LogoutView.as_view())
password_reset = public_view(
    auth_views.PasswordResetView.as_view(
        template_name="core/password_reset.html", success_url=reverse_lazy("core:password-reset-done")
    )
)
password_reset_done = public_view(
    auth_views.PasswordResetDoneView.as_view(template_name="core/password_reset_done.html")
)
password_reset_confirm = public_view(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="core/password_reset_confirm.html",
        success_url=reverse_lazy("core:password-reset-complete"),
    )
)
password_reset_complete = public_view(
    auth_views.PasswordResetCompleteView.as_view(template_name="core/password_reset_complete.html")
)


@public_view
def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer: the process answers and the database is reachable."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@public_view
def home(request: HttpRequest) -> HttpResponse:
    """Where a log-in lands: straight to the one center, or a choice of centers and bodies."""
    if not request.user.is_authenticated:
        return redirect("core:login")
    memberships = selectors.memberships_of_user(request.user)
    supervisions = selectors.supervisions_of_user(request.user)
    from lotrinh.industry.access import enterprises_of_user

    enterprises = enterprises_of_user(request.user)  # enterprise accounts (an external role)
    if len(memberships) == 1 and not supervisions and not enterprises and not request.user.is_superuser:
        return redirect("core:center-home", center_slug=memberships[0].center.slug)
    if len(supervisions) == 1 and not memberships and not enterprises and not request.user.is_superuser:
        return redirect("planning:body-dashboard", body_slug=supervisions[0].body.slug)
    if len(enterprises) == 1 and not memberships and not supervisions and not request.user.is_superuser:
        return redirect("industry:portal-home", enterprise_slug=enterprises[0].slug)
    return render(
        request,
        "core/home.html",
        {
            "memberships": memberships,
            "supervisions": supervisions,
            "enterprises": enterprises,
            "platform_centers": selectors.all_centers() if request.user.is_superuser else [],
        },
    )


@center_view(perm="center.view")
def center_home(request: HttpRequest, center_slug: str) -> HttpResponse:
    today = timezone.localdate()
    overview = selectors.center_overview(membership=request.membership, today=today)
    return render(request, "core/center_home.html", {"overview": overview, "today": today})


@center_view(perm="center.view")
def center_profile(request: HttpRequest, center_slug: str) -> HttpResponse:
    records = selectors.center_records(center=request.center)
    form = CenterRecordChangeForm(record=request.center.current_record)
    return render(request, "core/center_profile.html", {"records": records, "form": form})


@center_view(perm="center.edit")
@require_POST
def center_record_change(request: HttpRequest, center_slug: str) -> HttpResponse:
    form = CenterRecordChangeForm(request.POST, record=request.center.current_record)
    if form.is_valid():
        try:
            services.center_record_change(center=request.center, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The change was recorded as a new period."))
            return redirect("core:center-profile", center_slug=center_slug)
    records = selectors.center_records(center=request.center)
    return render_form_errors(request, "core/center_profile.html", {"records": records, "form": form, "open": True})


@center_view(perm="staff.view")
def staff_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    query, role = request.GET.get("q", "").strip(), request.GET.get("role", "")
    staff = selectors.staff_list(center=request.center, query=query, role=role)
    if request.GET.get("xuat") == "xlsx":
        return personal_data_xlsx_response(
            request, filename="nhan-su", title=_("Staff"), rows=staff,
            columns=[
                Column(_("Full name"), lambda m: m.user.full_name, 28),
                Column(_("Role"), lambda m: m.get_role_display(), 24),
                Column(_("E-mail"), lambda m: m.user.email, 30),
                Column(_("Phone number"), lambda m: m.user.phone, 16),
            ],
        )  # fmt: skip
    context = {"staff": staff, "query": query, "role": role, "form": StaffAddForm(), "role_choices": Role.choices}
    if is_htmx(request):
        return render(request, "core/staff_list.html#staff-table", context)
    return render(request, "core/staff_list.html", context)


@center_view(perm="staff.manage")
@require_POST
def staff_add(request: HttpRequest, center_slug: str) -> HttpResponse:
    form = StaffAddForm(request.POST)
    if form.is_valid():
        try:
            membership = services.staff_add(center=request.center, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("%(name)s was added to the staff.") % {"name": membership.user})
            return redirect("core:staff-detail", center_slug=center_slug, membership_id=membership.pk)
    staff = selectors.staff_list(center=request.center)
    context = {"staff": staff, "form": form, "show_add": True, "role_choices": Role.choices}
    return render_form_errors(request, "core/staff_list.html", context)


def _membership(request: HttpRequest, membership_id: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("user"), pk=membership_id)


@center_view(perm="staff.view")
def staff_detail(request: HttpRequest, center_slug: str, membership_id: int) -> HttpResponse:
    membership = _membership(request, membership_id)
    user = membership.user
    return render(
        request,
        "core/staff_detail.html",
        {
            "member": membership,
            "role_form": RoleChangeForm(initial={"role": membership.role}),
            "profile_form": ProfileForm(
                initial={"full_name": user.full_name, "email": user.email, "phone": user.phone}
            ),
            "has_id_number": bool(user.id_number_encrypted),
        },
    )


@center_view(perm="staff.manage")
@require_POST
def staff_role_change(request: HttpRequest, center_slug: str, membership_id: int) -> HttpResponse:
    membership = _membership(request, membership_id)
    form = RoleChangeForm(request.POST)
    if form.is_valid():
        try:
            services.membership_role_change(membership=membership, role=form.cleaned_data["role"], actor=request.user)
            messages.success(request, _("The role was changed."))
        except ApplicationError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Choose a role from the list."))
    return redirect("core:staff-detail", center_slug=center_slug, membership_id=membership.pk)


@center_view(perm="staff.manage")
@require_POST
def staff_deactivate(request: HttpRequest, center_slug: str, membership_id: int) -> HttpResponse:
    membership = _membership(request, membership_id)
    try:
        services.membership_deactivate(membership=membership, actor=request.user)
        messages.success(request, _("%(name)s no longer works at the center.") % {"name": membership.user})
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("core:staff-list", center_slug=center_slug)


@center_view(perm="staff.manage")
@require_POST
def staff_profile_update(request: HttpRequest, center_slug: str, membership_id: int) -> HttpResponse:
    membership = _membership(request, membership_id)
    form = ProfileForm(request.POST)
    if not form.is_valid():
        return render_form_errors(
            request,
            "core/staff_detail.html",
            {
                "member": membership,
                "role_form": RoleChangeForm(initial={"role": membership.role}),
                "profile_form": form,
                "has_id_number": bool(membership.user.id_number_encrypted),
            },
        )
    data = form.cleaned_data
    id_number = data.pop("id_number")
    services.user_profile_update(user=membership.user, actor=request.user, center=request.center, **data)
    if id_number:
        services.user_id_number_set(
            user=membership.user, id_number=id_number, actor=request.user, center=request.center
        )
    messages.success(request, _("The personal details were saved."))
    return redirect("core:staff-detail", center_slug=center_slug, membership_id=membership.pk)


@center_view(perm="staff.reveal_id")
@require_POST
def staff_id_reveal(request: HttpRequest, center_slug: str, membership_id: int) -> HttpResponse:
    membership = _membership(request, membership_id)
    value = services.user_id_number_reveal(user=membership.user, actor=request.user, center=request.center)
    return render(
        request,
        "core/staff_detail.html#id-number",
        {"member": membership, "revealed": value, "has_id_number": bool(value)},
    )


@center_view(perm="audit.view")
def audit_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    actors = User.objects.filter(memberships__center=request.center).order_by("full_name")
    form = AuditFilterForm(request.GET or None, actors=actors)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "actor_id": data["actor"].pk if data["actor"] else None,
            "action": data["action"],
            "object_type": data["object_type"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
    events = selectors.audit_list(**filters)
    if request.GET.get("xuat") == "xlsx":
        return personal_data_xlsx_response(
            request, filename="nhat-ky-thay-doi", title=_("Audit log"), rows=events,
            columns=[
                Column(_("Time"), lambda e: timezone.localtime(e.created_at), 18),
                Column(_("Who"), lambda e: str(e.actor) if e.actor else _("System"), 24),
                Column(_("Action"), lambda e: e.get_action_display(), 16),
                Column(_("Record"), lambda e: e.object_repr, 30),
                Column(_("Changes"), lambda e: "; ".join(
                    f"{line.label}: {line.old} → {line.new}" for line in change_lines(e.object_type, e.changes)
                ), 60),
            ],
        )  # fmt: skip
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    context = {"form": form, "page": page, "querystring": querystring.urlencode()}
    if is_htmx(request):
        return render(request, "core/audit_list.html#audit-table", context)
    return render(request, "core/audit_list.html", context)


@user_view
def account(request: HttpRequest) -> HttpResponse:
    """The user's own account: API tokens."""
    new_key = None
    form = ApiTokenForm()
    if request.method == "POST":
        if "revoke" in request.POST:
            token = get_object_or_404(ApiToken, pk=request.POST["revoke"], user=request.user, revoked_at__isnull=True)
            services.api_token_revoke(token=token)
            messages.success(request, _("The token was revoked."))
            return redirect("core:account")
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            _token, new_key = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
            form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)
    return render(request, "core/account.html", {"form": form, "tokens": tokens, "new_key": new_key})


@user_view
def platform_overview(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return render(request, "core/platform.html", {"centers": selectors.all_centers()})
