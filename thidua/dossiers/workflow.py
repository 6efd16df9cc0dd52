"""The dossier workflow as a table: `{(state, action): (target, permission, guard)}`.

`services.transition()` is the only code that applies it. A guard takes the dossier and returns a Vietnamese
message when the step is not possible yet (None = fine). Actions whose `REASON_REQUIRED` is set need a written
reason, shown to the unit.
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from thidua.core.permissions import is_unit_leader, unit_has_leader
from thidua.dossiers.models import DossierState as S
from thidua.dossiers.models import Nomination

# Who may take a step: a permission (dossiers/permissions.py), asked with the dossier.
UNIT = "dossiers.act_for_unit"
UNIT_OFFICER = "dossiers.send_for_approval"  # the unit's TĐKT officer sends it to the unit's head
UNIT_HEAD = "dossiers.approve_for_unit"  # the unit's head approves it for the province, or returns it
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


def _consulted(dossier):
    """State and Government awards (and the types the province lists) go on only after the consulted agencies have
    answered or their deadline has passed (`dossiers.consultations`)."""
    from thidua.dossiers.consultations import consultation_problem

    return consultation_problem(dossier)


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
    return _consulted(dossier) or _held(dossier)


def _some_accepted(dossier):
    if not dossier.nominations.filter(appraisal=Nomination.Appraisal.ACCEPTED).exists():
        return _("Không có đề nghị nào đủ điều kiện trình Hội đồng; hãy trình không khen thưởng.")
    return _consulted(dossier) or _held(dossier)


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
    # A unit with a leader's account sends its dossier through the leader (`needs_unit_approval`); the leader
    # approves it (→ submitted) or returns it with a reason (→ draft). Without a leader account, or when the leader
    # acts, it goes to the province at once.
    (S.DRAFT, "submit"): (S.SUBMITTED, UNIT, _submittable),
    (S.DRAFT, "send_for_approval"): (S.UNIT_REVIEW, UNIT_OFFICER, _submittable),
    (S.DRAFT, "withdraw"): (S.WITHDRAWN, UNIT, None),
    (S.UNIT_REVIEW, "approve"): (S.SUBMITTED, UNIT_HEAD, _submittable),
    (S.UNIT_REVIEW, "unit_return"): (S.DRAFT, UNIT_HEAD, None),
    (S.UNIT_REVIEW, "withdraw"): (S.WITHDRAWN, UNIT, None),
    (S.SUBMITTED, "receive"): (S.RECEIVED, PROVINCE, None),
    (S.SUBMITTED, "return"): (S.RETURNED, PROVINCE, None),
    (S.SUBMITTED, "reject"): (S.REJECTED, PROVINCE, None),
    (S.SUBMITTED, "withdraw"): (S.WITHDRAWN, UNIT, None),
    (S.RETURNED, "resubmit"): (S.RESUBMITTED, UNIT, _submittable),
    (S.RETURNED, "send_for_approval"): (S.UNIT_REVIEW, UNIT_OFFICER, _submittable),
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
REASON_REQUIRED = frozenset({"return", "reject", "unit_return"})
# Steps that send the dossier to the province without the unit leader's approval.
DIRECT_SUBMISSION = frozenset({"submit", "resubmit"})
# `decide` needs a number, signer and date: only services.decide() applies it (from the decision page).
SERVICE_ONLY = frozenset({"decide", "council_not_awarded"})

ACTION_LABELS = {
    "submit": pgettext_lazy("thao tác", "Gửi hồ sơ"),
    "send_for_approval": pgettext_lazy("thao tác", "Trình lãnh đạo đơn vị duyệt"),
    "approve": pgettext_lazy("thao tác", "Duyệt, gửi lên tỉnh"),
    "unit_return": pgettext_lazy("thao tác", "Trả lại cán bộ soạn hồ sơ"),
    "withdraw": pgettext_lazy("thao tác", "Rút hồ sơ"),
    "receive": pgettext_lazy("thao tác", "Tiếp nhận"),
    "return": pgettext_lazy("thao tác", "Trả lại để bổ sung"),
    "resubmit": pgettext_lazy("thao tác", "Gửi lại hồ sơ"),
    "appraise": pgettext_lazy("thao tác", "Hòan thành thẩm định"),
    "send_to_council": pgettext_lazy("thao tác", "Trình Hội đồng"),
    "submit_for_decision": pgettext_lazy("thao tác", "Trình ký quyết định"),
    "decide": pgettext_lazy("thao tác", "Ký quyết định"),
    "reject": pgettext_lazy("thao tác", "Không khen thưởng"),
    "council_not_awarded": pgettext_lazy("thao tác", "Kết thúc: không đạt tỷ lệ phiếu Hội đồng"),
}

# Button style for each action on the detail page.
ACTION_STYLES = {"return": "warning", "unit_return": "warning", "approve": "success", "reject": "danger", "withdraw": "outline-danger", "decide": "success"}


def actions_from(state) -> list[str]:
    return [action for (st, action) in TRANSITIONS if st == state]


def role_may(user, permission, dossier=None) -> bool:
    """May `user` take a step whose table row names `permission`?"""
    return bool(user and user.is_authenticated and user.has_perm(permission, dossier))


def needs_unit_approval(dossier, user) -> bool:
    """An officer's dossier goes through the unit's leader when the unit has an active leader account; the leader's
    own submission, or that of a unit without a leader account, goes to the province at once."""
    return bool(user and not is_unit_leader(user) and unit_has_leader(dossier.unit_id))


def approval_problem(dossier, action, user) -> str | None:
    """Why `action` is not the way this user sends this dossier on (None = fine)."""
    if action in DIRECT_SUBMISSION and needs_unit_approval(dossier, user):
        return _("Hồ sơ phải được lãnh đạo đơn vị duyệt trước khi gửi lên tỉnh: hãy chọn “Trình lãnh đạo đơn vị "
                 "duyệt”.")
    if action == "send_for_approval" and not needs_unit_approval(dossier, user):
        return _("Đơn vị chưa có tài khoản lãnh đạo đơn vị: hồ sơ được gửi thẳng lên tỉnh.")
    return None


def target_of(dossier, action):
    """Where `action` takes the dossier. A dossier the province has already seen once goes back as a resubmission,
    whether the officer sends it at once or the leader approves it."""
    target = TRANSITIONS[(dossier.state, action)][0]
    if target == S.SUBMITTED and dossier.submitted_on:
        return S.RESUBMITTED
    return target


def allowed_actions(dossier, user) -> list[str]:
    """Actions the user may take on the dossier in its current state (guards not evaluated; of the two ways to send
    a dossier on, only the one that applies to this unit and user)."""
    actions = [a for a in actions_from(dossier.state) if role_may(user, TRANSITIONS[(dossier.state, a)][1], dossier)]
    if DIRECT_SUBMISSION.intersection(actions) or "send_for_approval" in actions:
        actions = [a for a in actions if a not in DIRECT_SUBMISSION | {"send_for_approval"}
                   or not approval_problem(dossier, a, user)]
    return actions
