"""The platform administrators' back office. /admin/ runs with center scopes disabled (middleware)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .audit_display import object_type_name
from .models import (
    AuditEvent,
    Center,
    CenterRecord,
    Commune,
    Membership,
    SupervisingBody,
    SupervisorMembership,
    User,
)

admin.site.site_header = _("Lộ Trình administration")
admin.site.site_title = _("Lộ Trình administration")
admin.site.index_title = _("Platform data")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "email", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = [*BaseUserAdmin.fieldsets, ("Lộ Trình", {"fields": ["full_name", "phone"]})]


class CenterRecordInline(admin.TabularInline):
    model = CenterRecord
    extra = 0
    autocomplete_fields = ["commune"]


@admin.register(Center)
class CenterAdmin(admin.ModelAdmin):
    list_display = ["slug", "code", "__str__"]
    inlines = [CenterRecordInline]


@admin.register(SupervisingBody)
class SupervisingBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "valid_from", "valid_to"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "center", "role", "is_active"]
    list_filter = ["role", "is_active"]


@admin.register(SupervisorMembership)
class SupervisorMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "body", "is_active"]


class ObjectTypeFilter(admin.SimpleListFilter):
    """The kinds of record in the log by their Vietnamese names, not as ``app.model`` codes."""

    title = _("object type")
    parameter_name = "object_type"

    def lookups(self, request, model_admin):
        kinds = model_admin.get_queryset(request).order_by().values_list("object_type", flat=True).distinct()
        return sorted(((kind, object_type_name(kind)) for kind in kinds), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(object_type=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "center", "actor", "action", "object_kind", "object_repr"]
    list_filter = ["action", ObjectTypeFilter]
    list_select_related = ["center", "actor"]

    @admin.display(description=_("object type"), ordering="object_type")
    def object_kind(self, event: AuditEvent) -> str:
        return object_type_name(event.object_type)

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # the audit log is append-only

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    list_display = ["name", "province"]
