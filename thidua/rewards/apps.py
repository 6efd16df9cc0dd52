from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RewardsConfig(AppConfig):
    """Money and things a decision confers: bonuses, the emulation & commendation fund, award items (hiện vật),
    printing on pre-printed blanks, the national exchange. Depends on awards and dossiers (never the reverse)."""

    name = "thidua.rewards"
    label = "rewards"
    verbose_name = _("Tiền thưởng, quỹ và hiện vật khen thưởng")

    def ready(self):
        from django.db import transaction
        from django.db.models.signals import post_save

        from thidua.documents import public_views
        from thidua.dossiers import hooks
        from thidua.dossiers.models import Decision
        from thidua.rewards import (
            permissions,  # noqa: F401 (registers the app's rules)
            services,
            views_public,
        )

        hooks.SIGNING_WARNINGS.append(services.signing_warnings)
        hooks.DECISION_LINKS.append(services.decision_links)
        public_views.VERIFY_FALLBACKS.append(views_public.replaced_certificate)

        def decision_signed(sender, instance, created, raw=False, **kwargs):
            if created and not raw:  # the awards are written later in the same transaction: wait for the commit
                transaction.on_commit(lambda: services.payouts_after_signing(instance))

        post_save.connect(decision_signed, sender=Decision, dispatch_uid="rewards-payouts-after-signing")
