"""Records the documents app owns: certificates (with their public verification code)."""

import base64
import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.audit import audited
from thidua.core.scoping import ScopedQuerySet

CODE_LENGTH = 16  # 80 random bits in base32: unguessable, short enough to type from paper


def new_code() -> str:
    """Random base32 code without the padding, e.g. 'K7QX2M9PLT4RBV3A'."""
    return base64.b32encode(secrets.token_bytes(CODE_LENGTH * 5 // 8)).decode().rstrip("=")


def normalise_code(code: str) -> str:
    """What people type from a printed certificate: ignore case, spaces and dashes."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


class CertificateQuerySet(ScopedQuerySet):
    pass


@audited
class Certificate(models.Model):
    """A printed certificate (Bằng khen, Giấy khen, …) of one award, with the code its QR code points to."""

    code = models.CharField(_("mã xác minh"), max_length=32, unique=True, default=new_code, editable=False)
    award = models.OneToOneField("awards.Award", verbose_name=_("khen thưởng"), on_delete=models.PROTECT,
                                 related_name="certificate")
    issued_at = models.DateTimeField(_("ngày cấp"), default=timezone.now, editable=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("bằng, giấy chứng nhận")
        verbose_name_plural = _("bằng, giấy chứng nhận")
        ordering = ["-issued_at", "-id"]

    def __str__(self):
        return self.code

    @classmethod
    def scope_q(cls, user) -> Q:
        """Whoever may see the award may see its certificate (the awards app's scoping, reused)."""
        from thidua.awards.models import Award

        return Q(award__in=Award.objects.filter(Award.scope_q(user)).values("pk"))

    def audit_unit_id(self):
        return self.award.unit_id


class PublicationQuerySet(ScopedQuerySet):
    pass


@audited
class Publication(models.Model):
    """A signed decision published on the public results page (/cong-khai/). Publishing takes a snapshot of what
    the public may see — names, award, unit, decision — into `PublishedAwardee` rows; nothing else is exposed."""

    decision = models.OneToOneField("dossiers.Decision", verbose_name=_("quyết định"), on_delete=models.CASCADE,
                                    related_name="publication")
    published_at = models.DateTimeField(_("ngày công khai"), default=timezone.now, editable=False)
    published_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                     editable=False)
    # Snapshot of the decision's public facts (the public page needs no join into the workflow tables).
    number = models.CharField(_("số, ký hiệu"), max_length=50)
    signed_on = models.DateField(_("ngày ký"))
    summary = models.CharField(_("trích yếu"), max_length=500)
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=255)
    awardee_count = models.PositiveIntegerField(_("số tập thể, cá nhân"), default=0)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định đã công khai")
        verbose_name_plural = _("quyết định đã công khai")
        ordering = ["-signed_on", "-id"]

    def __str__(self):
        return f"{self.number} ({self.signed_on:%d/%m/%Y})"

    @classmethod
    def scope_q(cls, user) -> Q:
        return Q(decision__dossier__unit__path__startswith=user.unit.path) if getattr(user, "unit", None) else Q(pk__in=[])

    def audit_unit_id(self):
        return self.decision.dossier.unit_id


class PublishedAwardee(models.Model):
    """One line of a published decision's list, holding only public fields, with a folded search key
    (search without diacritics) and the Vietnamese name-order key."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="awardees")
    award = models.ForeignKey("awards.Award", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("họ và tên / tên tập thể"), max_length=300)
    collective = models.BooleanField(_("tập thể"), default=False)
    award_name = models.CharField(_("hình thức, danh hiệu"), max_length=255)
    unit_name = models.CharField(_("đơn vị"), max_length=255, blank=True)
    search_text = models.CharField(max_length=800, db_index=True, editable=False, default="")
    sort_key = models.CharField(max_length=1200, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("tập thể, cá nhân được khen thưởng (công khai)")
        verbose_name_plural = _("tập thể, cá nhân được khen thưởng (công khai)")
        ordering = ["sort_key", "id"]
        indexes = [models.Index(fields=["publication", "sort_key", "id"], name="published_awardee_order")]

    def __str__(self):
        return self.name
