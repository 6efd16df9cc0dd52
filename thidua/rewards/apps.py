from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RewardsConfig(AppConfig):
    """Money and things a decision confers: bonuses, the emulation & commendation fund, award items (hiện vật),
    printing on pre-printed blanks, the national exchange. Depends on awards and dossiers (never the reverse)."""

    name = "thidua.rewards"
    label = "rewards"
    verbose_name = _("Tiền thưởng, quỹ và hiện vật khen thưởng")
