"""Demo: publish the signed decisions the dossiers demo produced, so the public results page (/cong-khai/) and the
certificate verification (/xac-minh/<code>) have something to show. Idempotent: published decisions are left
alone."""


def load(ctx):
    """Nothing before users exist: decisions are signed by demo users."""


def load_after_users(ctx):
    from thidua.documents import services
    from thidua.dossiers.models import Decision

    staff = ctx.get("users", {}).get("sonoivu")
    for decision in Decision.objects.filter(publication__isnull=True).order_by("signed_on", "id"):
        services.publish(decision, user=staff)
