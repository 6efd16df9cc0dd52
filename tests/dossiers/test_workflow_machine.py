"""Hypothesis drives random sequences of (action, role) against a dossier: the state only ever moves along the
table (by a user holding the permission its row names), each applied step writes exactly one event, refused steps change nothing."""

import hypothesis.strategies as st
from django.core.exceptions import PermissionDenied
from hypothesis import HealthCheck, given, settings

from tests.dossiers.conftest import ready_dossier
from tests.factories import UserFactory
from thidua.core.roles import Role
from thidua.dossiers import services, workflow
from thidua.dossiers.models import Dossier, DossierEvent, Nomination

ACTIONS = sorted({a for (_, a) in workflow.TRANSITIONS} - workflow.SERVICE_ONLY)
ROLES = [Role.UNIT_OFFICER, Role.PROVINCE_STAFF, Role.LEADER, Role.COUNCIL_SECRETARY]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(ACTIONS), st.sampled_from(ROLES)), min_size=1, max_size=12))
def test_random_steps_follow_the_table(steps, officer_a, person_a, ldtt, province):
    users = {Role.UNIT_OFFICER: officer_a}
    for role in ROLES[1:]:
        users[role] = UserFactory(role=role, unit=province)
    dossier = ready_dossier(officer_a, person_a, ldtt)
    Nomination.objects.filter(dossier=dossier).update(appraisal="accepted", council_result="passed")
    applied = 0
    for action, role in steps:
        current = Dossier.objects.get(pk=dossier.pk)
        before = current.state
        rule = workflow.TRANSITIONS.get((before, action))
        try:
            services.transition(Dossier.objects.get(pk=dossier.pk), action, users[role], reason="lý do")
        except (services.WorkflowError, PermissionDenied):
            assert Dossier.objects.get(pk=dossier.pk).state == before
            continue
        # the table's row names the permission the acting user holds, and the dossier went where the table says
        assert rule is not None and users[role].has_perm(rule[1], current)
        assert Dossier.objects.get(pk=dossier.pk).state == workflow.target_of(current, action)
        applied += 1
    assert DossierEvent.objects.filter(dossier=dossier).count() == applied
