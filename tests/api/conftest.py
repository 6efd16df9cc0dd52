"""Personas for API tests: the dossier ones (leader, council secretary and members, a person with ratings) and the
movements ones (a Cụm/Khối of units A, B, C headed by A, its rubric)."""

from tests.dossiers.conftest import (  # noqa: F401
    council,
    cstd_co_so,
    leader,
    person_a,
    private_media,
    secretary,
    unit_leader_a,
)
from tests.movements.conftest import (  # noqa: F401
    group,
    head_a,
    officer_c,
    open_rubric,
    other_group,
    rubric,
    unit_c,
    year2025,
)
