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
