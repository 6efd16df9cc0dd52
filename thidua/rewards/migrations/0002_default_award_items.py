"""The items (hiện vật) each award type of the catalogue carries by default (Luật TĐKT 2022 Art 76: bằng,
giấy chứng nhận, cờ, khung, hộp, huân chương, huy chương, huy hiệu, kỷ niệm chương). Editable afterwards."""

from django.db import migrations

from thidua.rewards.items_catalogue import default_items


def load(apps, schema_editor):
    AwardType = apps.get_model("awards", "AwardType")  # noqa: N806
    AwardItem = apps.get_model("rewards", "AwardItem")  # noqa: N806
    for award_type in AwardType.objects.all():
        for kind in default_items(award_type):
            AwardItem.objects.get_or_create(award_type=award_type, kind=kind)


class Migration(migrations.Migration):
    dependencies = [("rewards", "0001_fund_items_blanks"), ("awards", "0010_base_salary_2026")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
