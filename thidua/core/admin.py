from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from thidua.core.models import AuditEntry, CalendarOverride, User


@admin.register(User)
class ThiduaUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("Thi đua, khen thưởng", {"fields": ("role", "unit", "person")}),)
    list_display = ("username", "first_name", "last_name", "role", "unit", "is_active")
    list_filter = ("role", "is_active")
    raw_id_fields = ("person",)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_name", "action", "model", "object_repr", "unit")
    list_filter = ("action", "model")
    search_fields = ("object_repr", "actor_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(CalendarOverride)
