from django.contrib import admin

from thidua.notifications.models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "kind", "target_title", "channel", "read_at")
    list_filter = ("kind", "channel")
    search_fields = ("target_title", "user__username")
    raw_id_fields = ("user", "actor")
    readonly_fields = ("target_type", "target_id", "emailed_at", "digested_on")


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "channel")
    raw_id_fields = ("user",)
