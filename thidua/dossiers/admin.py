"""Admin for the council's membership only. Votes and participations are deliberately not registered: nobody
browses ballots row by row."""

from django.contrib import admin

from thidua.dossiers.models import ConferringAuthority, ConsultedAgency, Council, CouncilMember


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


@admin.register(ConferringAuthority)
class ConferringAuthorityAdmin(admin.ModelAdmin):
    """Who decides what, from when (NĐ 129/2025 Art 59 moved the district's powers to the commune on 01/7/2025):
    the administrator adds a row with new dates when the law changes, rather than editing an old one."""

    list_display = ["award_type", "kind", "unit_kind", "valid_from", "valid_to", "legal_basis"]
    list_filter = ["kind", "unit_kind"]
    search_fields = ["award_type__name", "award_type__code", "legal_basis"]
    raw_id_fields = ["award_type"]
    date_hierarchy = "valid_from"


@admin.register(ConsultedAgency)
class ConsultedAgencyAdmin(admin.ModelAdmin):
    """The agencies the province consults (also kept by province staff at /ho-so/hiep-y/thiet-lap/)."""

    list_display = ["name", "topic", "order", "active"]
    list_editable = ["order", "active"]
    search_fields = ["name"]
