"""Secret-ballot storage that a reader of the database, its replicas or its backups cannot link to voters.

The threat model and the argument are in docs/ballot-secrecy.md. In short:
- each session has a key pair (`BallotKey`); the private half is kept only encrypted under the secretary's
  passphrase (argon2id → SecretBox) and is wiped when the session closes;
- a ballot's choices are sealed (SealedBox) to the session's public key into a pool of `VoteSlot`s allocated when
  the ballot opens: random ids, random bytes of the same length as a sealed choice, one slot per council member;
- a vote fills a randomly chosen empty slot in a transaction that also rewrites *every* slot and *every*
  participation of that ballot, so on PostgreSQL all of them carry the same `xmin` (that of the latest vote) and on
  SQLite no row is inserted into the pool while voting (insertion order = allocation order, not voting order);
- at the tally the secretary's passphrase opens the private key, the sealed choices are counted in memory, only
  the totals are stored, the slots are deleted, and dead row versions are removed (PostgreSQL: VACUUM FULL of the
  slot and participation tables after commit; SQLite: secure_delete + WAL checkpoint).

This module holds the cryptography and the physical clean-up; `services.py` decides when they happen.
"""

import logging
import secrets

import nacl.exceptions
import nacl.pwhash
import nacl.secret
import nacl.utils
from django.conf import settings
from django.db import connection, transaction
from django.db.models import BinaryField, BooleanField, Case, F, Value, When
from django.utils.translation import gettext as _
from nacl.public import PrivateKey, PublicKey, SealedBox

log = logging.getLogger(__name__)

# Every plaintext has the same length, so every sealed choice has the same length (48 bytes of box overhead).
_PLAINTEXT = {"yes": b"Y", "no": b"N"}
_CHOICE_OF = {v: k for k, v in _PLAINTEXT.items()}
SEALED_LENGTH = 32 + 16 + 1  # ephemeral public key + MAC + one byte
PASSPHRASE_MIN_LENGTH = 10


class SecrecyError(Exception):
    """A passphrase or key problem; the message (Vietnamese) is shown to the secretary."""


def kdf_limits() -> tuple[int, int]:
    """argon2id cost (opslimit, memlimit): INTERACTIVE (64 MiB) unless settings.THIDUA_BALLOT_KDF says otherwise
    (tests use the minimum). Stored with each key, so changing the setting never locks out an existing key."""
    configured = getattr(settings, "THIDUA_BALLOT_KDF", None)
    if configured:
        return int(configured[0]), int(configured[1])
    return nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE, nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE


def _derive(passphrase: str, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    return nacl.pwhash.argon2id.kdf(nacl.secret.SecretBox.KEY_SIZE, passphrase.encode("utf-8"), salt,
                                    opslimit=opslimit, memlimit=memlimit)


def check_new_passphrase(passphrase: str, confirmation: str | None = None) -> None:
    if len(passphrase or "") < PASSPHRASE_MIN_LENGTH:
        raise SecrecyError(_("Mật khẩu kiểm phiếu cần ít nhất %(n)s ký tự.") % {"n": PASSPHRASE_MIN_LENGTH})
    if confirmation is not None and confirmation != passphrase:
        raise SecrecyError(_("Hai lần nhập mật khẩu kiểm phiếu không khớp."))


def new_key_fields(passphrase: str) -> dict:
    """Fields of a new `BallotKey`: a fresh key pair, the private half sealed under the passphrase."""
    check_new_passphrase(passphrase)
    opslimit, memlimit = kdf_limits()
    salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
    private = PrivateKey.generate()
    box = nacl.secret.SecretBox(_derive(passphrase, salt, opslimit, memlimit))
    return {"public_key": bytes(private.public_key), "sealed_private_key": bytes(box.encrypt(bytes(private))),
            "salt": salt, "opslimit": opslimit, "memlimit": memlimit}


def open_private_key(key, passphrase: str) -> PrivateKey:
    if not key.sealed_private_key:
        raise SecrecyError(_("Khóa kiểm phiếu của phiên họp đã bị hủy."))
    box = nacl.secret.SecretBox(_derive(passphrase or "", bytes(key.salt), key.opslimit, key.memlimit))
    try:
        return PrivateKey(box.decrypt(bytes(key.sealed_private_key)))
    except nacl.exceptions.CryptoError:
        raise SecrecyError(_("Sai mật khẩu kiểm phiếu.")) from None


def seal(public_key: bytes, choice: str) -> bytes:
    return bytes(SealedBox(PublicKey(bytes(public_key))).encrypt(_PLAINTEXT[choice]))


def empty_slot_bytes() -> bytes:
    """Random bytes as long as a sealed choice: an empty slot looks like a filled one."""
    return nacl.utils.random(SEALED_LENGTH)


def unseal(private_key: PrivateKey, sealed: bytes) -> str:
    try:
        return _CHOICE_OF[SealedBox(private_key).decrypt(bytes(sealed))]
    except (nacl.exceptions.CryptoError, KeyError):
        raise SecrecyError(_("Một phiếu kín không mở được: dữ liệu phiếu đã bị thay đổi.")) from None


def allocate_slots(ballot, count: int) -> None:
    """The pool of a ballot, allocated at opening (before any vote), in random order."""
    from thidua.dossiers.models import VoteSlot

    VoteSlot.objects.bulk_create([VoteSlot(ballot=ballot, sealed=empty_slot_bytes()) for _ in range(count)])


def fill_slots(ballot, public_key: bytes, choices: list[str]) -> None:
    """Seal `choices` into randomly chosen empty slots, rewriting every slot and every participation of the ballot
    in the current transaction (the caller holds the ballot's row lock and has inserted the participations)."""
    from thidua.dossiers.models import BallotParticipation, VoteSlot

    assert connection.in_atomic_block
    empty = list(VoteSlot.objects.filter(ballot=ballot, filled=False).values_list("id", flat=True))
    if len(empty) < len(choices):
        raise SecrecyError(_("Không còn ô phiếu trống cho phiếu này."))
    rng = secrets.SystemRandom()
    chosen = rng.sample(empty, len(choices))
    sealed = {slot_id: seal(public_key, choice) for slot_id, choice in zip(chosen, choices, strict=True)}
    # One UPDATE over the whole pool: the chosen slots get their sealed choice, the others keep their bytes, and
    # every row gets a new version in this transaction (same xmin for all; no row reveals which one changed).
    VoteSlot.objects.filter(ballot=ballot).update(
        sealed=Case(*(When(pk=pk, then=Value(data, output_field=BinaryField())) for pk, data in sealed.items()), default=F("sealed")),
        filled=Case(When(pk__in=chosen, then=Value(True, output_field=BooleanField())), default=F("filled")),
    )
    BallotParticipation.objects.filter(ballot=ballot).update(channel=F("channel"))


def count_slots(ballot, private_key: PrivateKey) -> list[str]:
    from thidua.dossiers.models import VoteSlot

    return [unseal(private_key, sealed) for sealed in
            VoteSlot.objects.filter(ballot=ballot, filled=True).values_list("sealed", flat=True)]


SECRET_TABLES = ("dossiers_voteslot", "dossiers_ballotparticipation", "dossiers_ballotkey")


def purge_dead_versions(tables=SECRET_TABLES) -> None:
    """After the commit that destroyed sealed rows: leave no dead row version behind.

    PostgreSQL: VACUUM FULL rewrites each table without its dead tuples (it cannot run in a transaction, so this
    runs from `on_commit`). SQLite: deleted content is zeroed by `PRAGMA secure_delete` (settings); the WAL, which
    still holds old page images, is checkpointed and truncated."""
    if connection.in_atomic_block:  # inside an outer transaction (a view, a bigger service): after its commit
        transaction.on_commit(lambda: _purge(tables))
        return
    _purge(tables)


def _purge(tables) -> None:
    if connection.in_atomic_block:  # still in a transaction (a test's own): VACUUM cannot run there
        return
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                for table in tables:
                    cursor.execute(f'VACUUM FULL "{table}"')
            elif connection.vendor == "sqlite":
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except Exception:  # the tally is committed; a failed clean-up is logged, and the next closing retries it
        log.exception("ballot secrecy: could not purge dead row versions")
