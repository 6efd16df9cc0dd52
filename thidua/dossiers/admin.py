"""Admin for the council's membership only. Votes and participations are deliberately not registered: nobody
browses ballots row by row."""

from django.contrib import admin

from thidua.dossiers.models import Council, CouncilMember


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    fields = ["full_name", "position", "unit", "role", "user", "person", "active"]
    autocomplete_fields = []
    raw_id_fields = ["user", "person", "unit"]
    extra = 1


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "established_by", "active"]
    inlines = [CouncilMemberInline]
    raw_id_fields = ["unit"]
