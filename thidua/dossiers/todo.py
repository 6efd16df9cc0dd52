"""Dossier work waiting for the signed-in user (home page, core/todo.py): one aggregate query over the dossiers the
user can see, plus one for council sessions."""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.permissions import is_council_member, is_leader, is_province_staff, is_unit_leader
from thidua.core.todo import Item
from thidua.dossiers.models import CouncilSession, Dossier, DossierState
from thidua.dossiers.selectors import may_see_council

S = DossierState


def _by_state(user, wanted):
    """{code: (count, nearest due_on, late)} for `wanted` = [(code, states)] in one query."""
    today = timezone.localdate()
    aggregates = {}
    for code, states in wanted:
        f = Q(state__in=states)
        aggregates[f"{code}_n"] = Count("id", filter=f)
        aggregates[f"{code}_due"] = Min("due_on", filter=f)
        aggregates[f"{code}_late"] = Count("id", filter=f & Q(due_on__lt=today))
    row = Dossier.objects.visible_to(user).aggregate(**aggregates)
    return {code: (row[f"{code}_n"], row[f"{code}_due"], bool(row[f"{code}_late"])) for code, _states in wanted}


def items(user) -> list[Item]:
    base = reverse("dossiers:list")
    entries = []  # (code, states, label, state shown in the list's filter, icon)
    if user.has_perm("dossiers.act_for_province"):
        entries += [
            ("new", [S.SUBMITTED], _("Hồ sơ mới gửi, chờ tiếp nhận"), S.SUBMITTED, "bi-inbox"),
            ("again", [S.RESUBMITTED], _("Hồ sơ gửi lại, chờ tiếp nhận"), S.RESUBMITTED, "bi-inbox"),
            ("appraise", [S.RECEIVED], _("Hồ sơ chờ thẩm định"), S.RECEIVED, "bi-clipboard-check"),
            ("council", [S.APPRAISED], _("Hồ sơ đã thẩm định, chờ trình Hội đồng hoặc trình ký"), S.APPRAISED,
             "bi-people"),
        ]
    if is_leader(user):  # the province's leaders sign (an administrator does not)
        entries.append(("sign", [S.FOR_DECISION], _("Hồ sơ chờ ký quyết định"), S.FOR_DECISION, "bi-pen"))
    if is_unit_leader(user):
        entries.append(("approve", [S.UNIT_REVIEW], _("Hồ sơ chờ lãnh đạo đơn vị duyệt"), S.UNIT_REVIEW,
                        "bi-check2-circle"))
    if user.has_perm("dossiers.act_for_unit"):
        entries += [
            ("returned", [S.RETURNED], _("Hồ sơ bị trả lại, cần bổ sung"), S.RETURNED, "bi-arrow-return-left"),
            ("draft", [S.DRAFT], _("Hồ sơ đang soạn, chưa gửi"), S.DRAFT, "bi-pencil-square"),
        ]
    out = []
    if entries:
        counts = _by_state(user, [(code, states) for code, states, *_rest in entries])
        for code, _states, label, state, icon in entries:
            n, due, late = counts[code]
            out.append(Item(label, n, f"{base}?trang_thai={state}", due, late, icon))
    if may_see_council(user) and (is_council_member(user) or is_province_staff(user)):
        sessions = CouncilSession.objects.filter(state__in=[CouncilSession.State.PLANNED, CouncilSession.State.OPEN])
        if not user.has_perm("dossiers.manage_sessions"):  # a member: the sessions of its own council
            sessions = sessions.filter(council__members__user=user, council__members__active=True)
        row = sessions.aggregate(n=Count("id", distinct=True), due=Min("held_on"),
                                 live=Count("id", filter=Q(state=CouncilSession.State.OPEN), distinct=True))
        label = _("Phiên họp Hội đồng đang họp hoặc sắp họp") if not row["live"] else _(
            "Phiên họp Hội đồng đang họp: phiếu bầu chờ bỏ")
        out.append(Item(label, row["n"], reverse("dossiers:council"), row["due"], bool(row["live"]), "bi-check2-square"))
    return out
