"""Extension points for apps that build on dossiers (arrows stay one way: they register here, dossiers never
imports them).

`SIGNING_WARNINGS`: callables `(dossier, decided_on, bonus_total, issuer) -> list[str]` asked before a decision
is signed; their Vietnamese messages are shown to the signer above the signing form (e.g. the rewards app: the
fund's balance cannot pay the decision's bonuses)."""

SIGNING_WARNINGS: list = []

# Callables `(user, decision) -> list[(label, url)]`: links shown on a signed decision's page (e.g. the rewards
# app: the annexed list with bonuses, award items, printing on blanks, national exchange).
DECISION_LINKS: list = []


def signing_warnings(dossier, decided_on, bonus_total, issuer="UBND") -> list[str]:
    return [message for check in SIGNING_WARNINGS for message in check(dossier, decided_on, bonus_total, issuer)]


def decision_links(user, decision) -> list[tuple[str, str]]:
    return [link for source in DECISION_LINKS for link in source(user, decision)]
