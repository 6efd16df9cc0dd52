from django.contrib import admin

from thidua.awards.models import (
    Award,
    AwardType,
    BaseSalary,
    Discipline,
    ImportBatch,
    Initiative,
    PendingProceeding,
    Rating,
    RuleParameter,
)


@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "category", "group", "level", "needs_ballot", "ballot_threshold", "bonus_multiple",
                    "bonus_multiple_collective", "active")
    list_filter = ("category", "group", "level", "active")
    search_fields = ("code", "name", "short_name")


@admin.register(BaseSalary)
class BaseSalaryAdmin(admin.ModelAdmin):
    list_display = ("effective_from", "amount", "legal_basis")


@admin.register(RuleParameter)
class RuleParameterAdmin(admin.ModelAdmin):
    list_display = ("name", "value", "effective_from", "note")
    list_filter = ("name",)


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ("award_type", "recipient_kind", "person", "unit", "year", "decision_number", "revoked", "source")
    list_filter = ("award_type", "recipient_kind", "revoked", "source", "commendation_type")
    search_fields = ("search_text", "decision_number")
    raw_id_fields = ("person", "unit", "period")
    list_select_related = ("award_type", "person", "unit")


for model in (Rating, Initiative, Discipline, PendingProceeding):
    admin.site.register(model, raw_id_fields=[f for f in ("person", "unit", "used_by_award")
                                              if f in {x.name for x in model._meta.fields}])


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("original_name", "unit", "status", "total_rows", "error_count", "created_by", "created_at")
    list_filter = ("status",)
