"""The dossier workflow as a table: `{(state, action): (target, permission, guard)}`.

`services.transition()` is the only code that applies it. A guard takes the dossier and returns a Vietnamese
message when the step is not possible yet (None = fine). Actions whose `REASON_REQUIRED` is set need a written
reason, shown to the unit.
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from thidua.dossiers.models import DossierState as S
from thidua.dossiers.models import Nomination

# Who may take a step: a permission (dossiers/permissions.py), asked with the dossier.
UNIT = "dossiers.act_for_unit"
PROVINCE = "dossiers.act_for_province"
# Who may sign: the province's leaders, or a unit's leader for the awards in its own head's power
# (the `dossiers.sign_decision` permission decides per dossier from its conferring authority).
SIGNERS = "dossiers.sign"
COUNCIL_SECRETARIAT = "dossiers.act_for_secretariat"
LEADER_OR_PROVINCE = "dossiers.reject_for_decision"


def _submittable(dossier):
    from thidua.dossiers.services import submission_problems

    problems = submission_problems(dossier)
    return "; ".join(problems) if problems else None


def _held(dossier):
    """A pending proceeding holds an accepted nomination (khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP): the dossier
    waits until it is closed, or until the province excludes that nomination at appraisal."""
    from thidua.dossiers.holds import hold_reasons

    accepted = dossier.nominations.filter(appraisal=Nomination.Appraisal.ACCEPTED).exclude(
        council_result=Nomination.CouncilResult.FAILED)
    reasons = hold_reasons(accepted.only("id", "person_id", "nominee_unit_id"))
    return " ".join(m for msgs in reasons.values() for m in msgs) or None


def _all_appraised(dossier):
    states = set(dossier.nominations.values_list("appraisal", flat=True))
    if not states:
        return _("Hồ sơ không có đề nghị nào.")
    if Nomination.Appraisal.PENDING in states:
        return _("Còn đề nghị chưa có kết quả thẩm định.")
    return _held(dossier)


def _some_accepted(dossier):
    if not dossier.nominations.filter(appraisal=Nomination.Appraisal.ACCEPTED).exists():
        return _("Không có đề nghị nào đủ điều kiện trình Hội đồng; hãy trình không khen thưởng.")
    return _held(dossier)


def _simplified(dossier):
    if dossier.procedure != dossier.Procedure.SIMPLIFIED:
        return _("Chỉ hồ sơ theo thủ tục đơn giản được trình ký không qua Hội đồng.")
    return _some_accepted(dossier)


def _council_done(dossier):
    accepted = dossier.nominations.filter(appraisal=Nomination.Appraisal.ACCEPTED)
    if accepted.filter(council_result="").exists():
        return _("Còn đề nghị chưa được Hội đồng bỏ phiếu, kiểm phiếu.")
    if not accepted.filter(council_result=Nomination.CouncilResult.PASSED).exists():
        return _("Không đề nghị nào đạt tỷ lệ phiếu của Hội đồng: hồ sơ kết thúc không khen thưởng, không trình ký.")
    return _held(dossier)


def council_all_failed(dossier):
    """Guard of `council_not_awarded`: every nomination put to the council was counted and none passed."""
    accepted = dossier.nominations.filter(appraisal=Nomination.Appraisal.ACCEPTED)
    if not accepted.exists() or accepted.exclude(council_result=Nomination.CouncilResult.FAILED).exists():
        return _("Chỉ kết thúc không khen thưởng khi mọi đề nghị đã kiểm phiếu và đều không đạt.")
    return None


def _decision_given(dossier):
    # `decide` is applied by services.decide(), which creates the Decision in the same transaction.
    from thidua.dossiers.models import Decision

    if not Decision.objects.filter(dossier=dossier).exists():
        return _("Cần ghi số, ngày ký và người ký quyết định.")
    return None


TRANSITIONS = {
    (S.DRAFT, "submit"): (S.SUBMITTED, UNIT, _submittable),
    (S.DRAFT, "withdraw"): (S.WITHDRAWN, UNIT, None),
    (S.SUBMITTED, "receive"): (S.RECEIVED, PROVINCE, None),
    (S.SUBMITTED, "return"): (S.RETURNED, PROVINCE, None),
    (S.SUBMITTED, "reject"): (S.REJECTED, PROVINCE, None),
    (S.SUBMITTED, "withdraw"): (S.WITHDRAWN, UNIT, None),
    (S.RETURNED, "resubmit"): (S.RESUBMITTED, UNIT, _submittable),
    (S.RETURNED, "withdraw"): (S.WITHDRAWN, UNIT, None),
    (S.RESUBMITTED, "receive"): (S.RECEIVED, PROVINCE, None),
    (S.RESUBMITTED, "return"): (S.RETURNED, PROVINCE, None),
    (S.RESUBMITTED, "reject"): (S.REJECTED, PROVINCE, None),
    (S.RESUBMITTED, "withdraw"): (S.WITHDRAWN, UNIT, None),
    (S.RECEIVED, "return"): (S.RETURNED, PROVINCE, None),
    (S.RECEIVED, "appraise"): (S.APPRAISED, PROVINCE, _all_appraised),
    (S.RECEIVED, "reject"): (S.REJECTED, PROVINCE, None),
    (S.APPRAISED, "send_to_council"): (S.COUNCIL, PROVINCE, _some_accepted),
    (S.APPRAISED, "submit_for_decision"): (S.FOR_DECISION, PROVINCE, _simplified),
    (S.APPRAISED, "reject"): (S.REJECTED, PROVINCE, None),
    (S.COUNCIL, "submit_for_decision"): (S.FOR_DECISION, PROVINCE, _council_done),
    (S.COUNCIL, "reject"): (S.REJECTED, PROVINCE, None),
    # Applied by services.close_ballot() when the last ballot of the dossier is counted and nothing passed.
    (S.COUNCIL, "council_not_awarded"): (S.NOT_AWARDED, COUNCIL_SECRETARIAT, council_all_failed),
    (S.FOR_DECISION, "decide"): (S.DECIDED, SIGNERS, _decision_given),
    (S.FOR_DECISION, "reject"): (S.REJECTED, LEADER_OR_PROVINCE, None),
}

# Return and rejection must say why; the reason is shown to the unit.
REASON_REQUIRED = frozenset({"return", "reject"})
# `decide` needs a number, signer and date: only services.decide() applies it (from the decision page).
SERVICE_ONLY = frozenset({"decide", "council_not_awarded"})

ACTION_LABELS = {
    "submit": pgettext_lazy("thao tác", "Gửi hồ sơ"),
    "withdraw": pgettext_lazy("thao tác", "Rút hồ sơ"),
    "receive": pgettext_lazy("thao tác", "Tiếp nhận"),
    "return": pgettext_lazy("thao tác", "Trả lại để bổ sung"),
    "resubmit": pgettext_lazy("thao tác", "Gửi lại hồ sơ"),
    "appraise": pgettext_lazy("thao tác", "Hoàn thành thẩm định"),
    "send_to_council": pgettext_lazy("thao tác", "Trình Hội đồng"),
    "submit_for_decision": pgettext_lazy("thao tác", "Trình ký quyết định"),
    "decide": pgettext_lazy("thao tác", "Ký quyết định"),
    "reject": pgettext_lazy("thao tác", "Không khen thưởng"),
    "council_not_awarded": pgettext_lazy("thao tác", "Kết thúc: không đạt tỷ lệ phiếu Hội đồng"),
}

# Button style for each action on the detail page.
ACTION_STYLES = {"return": "warning", "reject": "danger", "withdraw": "outline-danger", "decide": "success"}


def actions_from(state) -> list[str]:
    return [action for (st, action) in TRANSITIONS if st == state]


def role_may(user, permission, dossier=None) -> bool:
    """May `user` take a step whose table row names `permission`?"""
    return bool(user and user.is_authenticated and user.has_perm(permission, dossier))


def allowed_actions(dossier, user) -> list[str]:
    """Actions the user may take on the dossier in its current state (guards not evaluated)."""
    return [a for a in actions_from(dossier.state) if role_may(user, TRANSITIONS[(dossier.state, a)][1], dossier)]
