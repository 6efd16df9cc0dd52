"""Demo: publish the signed decisions the dossiers demo produced (all but the latest, so the "publish" button
has something to do) and issue their certificates. Idempotent: published decisions are left alone."""


def load(ctx):
    """Nothing before users exist: decisions are signed by demo users."""


def load_after_users(ctx):
    from thidua.documents import services
    from thidua.dossiers.models import Decision

    decisions = list(Decision.objects.order_by("-signed_on", "-id"))
    staff = ctx.get("users", {}).get("sonoivu")
    for decision in decisions[1:]:
        if not hasattr(decision, "publication"):
            services.publish(decision, user=staff)
