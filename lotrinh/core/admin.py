"""The platform administrators' back office. /admin/ runs with center scopes disabled (middleware)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

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


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "center", "actor", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # the audit log is append-only

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    list_display = ["name", "province"]
