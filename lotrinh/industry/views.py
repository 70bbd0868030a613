"""Pages of the industry area: enterprises and partnerships, agreements, training orders, openings, labour demand,
and the enterprise accounts' own pages under /dn/<enterprise_slug>/."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotrinh.core.errors import ApplicationError
from lotrinh.core.models import Center
from lotrinh.core.tenancy import center_view

from . import forms, selectors, services
from .access import enterprise_view
from .models import Agreement, AgreementQuota, Enterprise, EnterpriseContact, Opening, Partnership, TrainingOrder


def _apply(form, error: ApplicationError) -> None:
    """A service's rule break shown beside its field (or above the form)."""
    placed = False
    for field, texts in (error.errors or {}).items():
        for text in texts:
            form.add_error(field if field in form.fields else None, text)
            placed = True
    if not placed:
        form.add_error(error.field if error.field in form.fields else None, error.message)


def _partners(center) -> "object":
    return Enterprise.objects.filter(
        partnerships__center=center, partnerships__status=Partnership.Status.ACTIVE
    ).order_by("name")


def _can_manage(request) -> bool:
    return request.membership.has_perm("enterprises.manage")


# --- Enterprises -----------------------------------------------------------------------------------------


@center_view(perm="enterprises.view")
def enterprise_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    filters = forms.EnterpriseFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.partnership_list(
        center=request.center,
        query=data.get("q") or "",
        park_id=data["park"].pk if data.get("park") else None,
        industry=data["industry"].code if data.get("industry") else "",
        origin=data.get("origin") or "",
    )
    today = timezone.localdate()
    return render(
        request,
        "industry/enterprise_list.html",
        {
            "filters": filters,
            "rows": rows,
            "expiring": selectors.agreements_expiring(center=request.center, day=today),
            "can_manage": _can_manage(request),
        },
    )


@center_view(perm="enterprises.manage")
def enterprise_create(request: HttpRequest, center_slug: str) -> HttpResponse:
    form = forms.EnterpriseForm(request.POST or None, initial={"since": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        tax_code, since, notes = data.pop("tax_code"), data.pop("since"), data.pop("notes")
        try:
            partnership, created = services.enterprise_partner(
                center=request.center, tax_code=tax_code, since=since, notes=notes, actor=request.user, **data
            )
        except ApplicationError as error:
            _apply(form, error)
        else:
            if created:
                messages.success(request, _("%(name)s was added.") % {"name": partnership.enterprise.name})
            else:
                messages.success(
                    request,
                    _("%(name)s was already known by its tax code: it is now a partner of this center.")
                    % {"name": partnership.enterprise.name},
                )
            return redirect("industry:enterprise-detail", center_slug=center_slug, pk=partnership.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "industry/enterprise_form.html", {"form": form}, status=status)


@center_view(perm="enterprises.view")
def enterprise_detail(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    partnership = get_object_or_404(
        Partnership.objects.select_related("enterprise", "enterprise__industry", "enterprise__industrial_park"),
        pk=pk,
        center=request.center,
    )
    contacts = EnterpriseContact.objects.filter(enterprise=partnership.enterprise, user__isnull=True)
    context = {
        "partnership": partnership,
        "enterprise": partnership.enterprise,
        "data": selectors.partnership_detail(partnership=partnership),
        "activity_form": forms.ActivityForm(initial={"day": timezone.localdate()}),
        "contact_form": forms.ContactForm(),
        "account_form": forms.AccountForm(contacts=contacts),
        "partnership_form": forms.PartnershipForm(initial={"status": partnership.status, "notes": partnership.notes}),
        "can_manage": _can_manage(request),
        "new_account": None,
    }
    status = 200
    if request.method == "POST":
        if not _can_manage(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "activity":
                form = context["activity_form"] = forms.ActivityForm(request.POST)
                if form.is_valid():
                    services.partnership_activity_add(partnership=partnership, actor=request.user, **form.cleaned_data)
                    messages.success(request, _("The activity was recorded."))
                    return redirect(request.path)
            elif action == "contact":
                form = context["contact_form"] = forms.ContactForm(request.POST)
                if form.is_valid():
                    services.enterprise_contact_add(partnership=partnership, actor=request.user, **form.cleaned_data)
                    messages.success(request, _("The contact was added."))
                    return redirect(request.path)
            elif action == "account":
                form = context["account_form"] = forms.AccountForm(request.POST, contacts=contacts)
                if form.is_valid():
                    user, password = services.enterprise_account_create(
                        partnership=partnership,
                        contact=form.cleaned_data["contact"],
                        username=form.cleaned_data["username"],
                        actor=request.user,
                    )
                    # The temporary password is shown once, on this answer only.
                    context["new_account"] = {"username": user.username, "password": password}
                    context["data"] = selectors.partnership_detail(partnership=partnership)
                    context["account_form"] = forms.AccountForm(contacts=contacts)
                    return render(request, "industry/enterprise_detail.html", context)
            elif action == "partnership":
                form = context["partnership_form"] = forms.PartnershipForm(request.POST)
                if form.is_valid():
                    services.partnership_update(partnership=partnership, actor=request.user, **form.cleaned_data)
                    messages.success(request, _("The partnership was updated."))
                    return redirect(request.path)
            else:
                form = None
        except ApplicationError as error:
            _apply(form, error)
        status = 422
    return render(request, "industry/enterprise_detail.html", context, status=status)


# --- Agreements ------------------------------------------------------------------------------------------


@center_view(perm="enterprises.view")
def agreement_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    today = timezone.localdate()
    form = forms.AgreementForm(request.POST or None, request.FILES or None, enterprises=_partners(request.center))
    status = 200
    if request.method == "POST":
        if not _can_manage(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            upload = data.pop("document")
            for key in list(data):
                if key.startswith(("quota_", "delivered_")):
                    data.pop(key)
            try:
                from django.db import transaction

                with transaction.atomic():
                    agreement = services.agreement_create(
                        center=request.center, actor=request.user, quotas=form.quotas(), **data
                    )
                    if upload:
                        services.agreement_document_add(agreement=agreement, upload=upload, actor=request.user)
            except ApplicationError as error:
                _apply(form, error)
            else:
                messages.success(request, _("Agreement %(number)s was saved.") % {"number": agreement.number})
                return redirect("industry:agreement-list", center_slug=center_slug)
        status = 422
    return render(
        request,
        "industry/agreement_list.html",
        {
            "rows": selectors.agreement_list(center=request.center, day=today),
            "expiring": selectors.agreements_expiring(center=request.center, day=today),
            "form": form,
            "can_manage": _can_manage(request),
        },
        status=status,
    )


@center_view(perm="enterprises.view")
def agreement_document(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    from django.http import FileResponse

    from .models import AgreementDocument

    document = get_object_or_404(AgreementDocument, pk=pk, center=request.center)
    return FileResponse(document.file.open("rb"), content_type=document.content_type, filename=document.original_name)


# --- Training orders -------------------------------------------------------------------------------------


@center_view(perm="enterprises.view")
def order_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    form = forms.TrainingOrderForm(request.POST or None, enterprises=_partners(request.center))
    status = 200
    if request.method == "POST":
        if not _can_manage(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("status", None)
            try:
                services.training_order_create(center=request.center, actor=request.user, **data)
            except ApplicationError as error:
                _apply(form, error)
            else:
                messages.success(request, _("The training order was saved."))
                return redirect("industry:order-list", center_slug=center_slug)
        status = 422
    return render(
        request,
        "industry/order_list.html",
        {
            "rows": selectors.training_order_list(center=request.center),
            "classes": form.fields["school_class"].queryset,
            "statuses": TrainingOrder.Status.choices,
            "form": form,
            "can_manage": _can_manage(request),
        },
        status=status,
    )


# --- Openings and demand ---------------------------------------------------------------------------------


@center_view(perm="enterprises.view")
def opening_list(request: HttpRequest, center_slug: str) -> HttpResponse:
    form = forms.OpeningForm(request.POST or None, enterprises=_partners(request.center))
    status = 200
    if request.method == "POST":
        if not _can_manage(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if request.POST.get("close"):
            opening = get_object_or_404(Opening, pk=request.POST["close"], center=request.center)
            services.opening_close(opening=opening, actor=request.user)
            return redirect("industry:opening-list", center_slug=center_slug)
        if form.is_valid():
            try:
                services.opening_create(center=request.center, actor=request.user, **form.cleaned_data)
            except ApplicationError as error:
                _apply(form, error)
            else:
                messages.success(request, _("The opening was posted."))
                return redirect("industry:opening-list", center_slug=center_slug)
        status = 422
    show = request.GET.get("trang-thai", "open")
    if show not in {"open", "closed", ""}:
        show = "open"
    return render(
        request,
        "industry/opening_list.html",
        {
            "rows": selectors.opening_list(center=request.center, status=show),
            "form": form,
            "show": show,
            "can_manage": _can_manage(request),
        },
        status=status,
    )


@center_view(perm="enterprises.view")
def demand(request: HttpRequest, center_slug: str) -> HttpResponse:
    data = selectors.labour_demand(center=request.center, day=timezone.localdate())
    return render(request, "industry/demand.html", {"data": data})


# --- Enterprise accounts ---------------------------------------------------------------------------------


@enterprise_view()
def portal_home(request: HttpRequest, enterprise_slug: str) -> HttpResponse:
    data = selectors.enterprise_portal_home(enterprise=request.enterprise)
    return render(request, "industry/portal_home.html", {"enterprise": request.enterprise, "data": data})


def _partner_center_choices(request) -> list[tuple[str, str]]:
    from lotrinh.core.models import CenterRecord

    names = dict(
        CenterRecord.objects.filter(center_id__in=request.partner_center_ids, valid_to__isnull=True).values_list(
            "center_id", "name"
        )
    )
    return [(str(pk), names.get(pk, str(pk))) for pk in request.partner_center_ids]


@enterprise_view()
def portal_openings(request: HttpRequest, enterprise_slug: str) -> HttpResponse:
    """The enterprise posts an opening for one of its partner centers and sees its own openings."""
    enterprise = request.enterprise
    form = forms.OpeningForm(request.POST or None, centers=_partner_center_choices(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            center = get_object_or_404(Center, pk=int(data.pop("center")))
            try:
                services.opening_create(
                    center=center, enterprise=enterprise, actor=request.user, by_enterprise=True, **data
                )
            except ApplicationError as error:
                _apply(form, error)
            else:
                messages.success(request, _("The opening was posted."))
                return redirect("industry:portal-openings", enterprise_slug=enterprise_slug)
        status = 422
    openings = list(
        Opening.objects.filter(enterprise=enterprise, center_id__in=request.partner_center_ids)
        .select_related("trade")
        .order_by("-created_at")
    )
    names = dict(_partner_center_choices(request))
    for row in openings:
        row.center_name = names.get(str(row.center_id), "")
    return render(
        request,
        "industry/portal_openings.html",
        {"enterprise": enterprise, "form": form, "openings": openings},
        status=status,
    )


@enterprise_view()
def portal_order(request: HttpRequest, enterprise_slug: str, pk: int) -> HttpResponse:
    order = get_object_or_404(
        TrainingOrder.objects.select_related("trade", "school_class"), pk=pk, enterprise=request.enterprise
    )
    return render(request, "industry/portal_order.html", {"enterprise": request.enterprise, "order": order})


@center_view(perm="enterprises.manage")
@require_POST
def agreement_quota_deliver(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    quota = get_object_or_404(AgreementQuota.objects.select_related("agreement"), pk=pk)
    try:
        delivered = int(request.POST.get("delivered", "").strip())
    except ValueError:
        messages.error(request, _("Enter what was delivered as a whole number."))
    else:
        try:
            services.agreement_quota_deliver(quota=quota, delivered=delivered, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Agreement %(number)s was saved.") % {"number": quota.agreement.number})
    return redirect("industry:agreement-list", center_slug=center_slug)


@center_view(perm="enterprises.manage")
@require_POST
def agreement_document_upload(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    agreement = get_object_or_404(Agreement, pk=pk)
    upload = request.FILES.get("document")
    if upload is None:
        messages.error(request, _("Choose the file to attach."))
        return redirect("industry:agreement-list", center_slug=center_slug)
    try:
        services.agreement_document_add(agreement=agreement, upload=upload, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Agreement %(number)s was saved.") % {"number": agreement.number})
    return redirect("industry:agreement-list", center_slug=center_slug)


@center_view(perm="enterprises.manage")
@require_POST
def order_update(request: HttpRequest, center_slug: str, pk: int) -> HttpResponse:
    from lotrinh.academics.models import SchoolClass

    order = get_object_or_404(TrainingOrder, pk=pk)
    class_id = request.POST.get("school_class", "").strip()
    school_class = SchoolClass.objects.filter(pk=int(class_id)).first() if class_id.isdigit() else None
    if class_id and school_class is None:
        messages.error(request, _("Choose a class of this center."))
        return redirect("industry:order-list", center_slug=center_slug)
    try:
        services.training_order_update(
            order=order, status=request.POST.get("status", ""), school_class=school_class, actor=request.user
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The training order was saved."))
    return redirect("industry:order-list", center_slug=center_slug)
