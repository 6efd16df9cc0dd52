from django.contrib import admin

from thidua.orgs.models import (
    EmulationGroup,
    GroupLeadership,
    GroupMembership,
    Period,
    Person,
    Unit,
    UnitLineage,
)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "parent", "active_from", "active_to")
    list_filter = ("kind",)
    search_fields = ("name", "code", "search_text")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("full_name", "gender", "birth_date", "unit", "position", "direct_worker")
    list_filter = ("gender", "direct_worker")
    search_fields = ("search_text",)
    raw_id_fields = ("unit",)


class MembershipInline(admin.TabularInline):
    model = GroupMembership
    extra = 0


class LeadershipInline(admin.TabularInline):
    model = GroupLeadership
    extra = 0


@admin.register(EmulationGroup)
class EmulationGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "cycle")
    inlines = [MembershipInline, LeadershipInline]


admin.site.register(UnitLineage)
admin.site.register(Period)
