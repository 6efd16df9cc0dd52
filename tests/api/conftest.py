"""The dossier personas (leader, council secretary and members, a person with ratings) for API tests."""

from tests.dossiers.conftest import (  # noqa: F401
    council,
    cstd_co_so,
    leader,
    person_a,
    private_media,
    secretary,
    unit_leader_a,
)
