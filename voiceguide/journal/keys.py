"""The journal's key: 32 random bytes, its recovery code, and `KeyFile` (how this journal's key is found).

One random key encrypts the database (SQLCipher, raw key: no key stretching on every open) and the
recordings (AES-GCM, voiceguide.journal.sealed). It is never derived from a passphrase, so changing the
passphrase rewraps 32 bytes instead of re-encrypting the journal. The key file beside the database
(`journal.keys`, JSON, 0600) holds no secret: the journal's id (its name in the keyring), whether the key
is in the keyring, and the key wrapped by the passphrase (scrypt, then AES-GCM) when there is one.
The recovery code is the key itself, written for people: it opens the journal without the key file.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from voiceguide import paths
from voiceguide.errors import JournalError, UsageError

KEY_BYTES = 32
KEY_FILE = "journal.keys"
KEY_FILE_FORMAT = "voiceguide-journal-keys"
CHECK_BYTES = 2
GROUP = 5
# scrypt at N=2^17, r=8: 128 MiB and about half a second here, once per start (OWASP's minimum).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
SCRYPT_MAXMEM = 256 * 1024 * 1024


class WrongKey(JournalError):
    """The passphrase, recovery code or key given does not open this journal."""


@dataclass(frozen=True)
class JournalKey:
    """The 32 bytes that encrypt one journal (shown only as a recovery code)."""

    raw: bytes

    def __post_init__(self) -> None:
        if len(self.raw) != KEY_BYTES:
            raise ValueError(f"a journal key is {KEY_BYTES} bytes, not {len(self.raw)}")

    def __repr__(self) -> str:
        return "JournalKey(<hidden>)"

    @classmethod
    def generate(cls) -> JournalKey:
        return cls(secrets.token_bytes(KEY_BYTES))

    def sqlcipher_key(self) -> str:
        """The value for PRAGMA key: a raw key, so SQLCipher skips its own key stretching."""
        return f"\"x'{self.raw.hex()}'\""

    def recovery_code(self) -> str:
        """The key with a 2-byte checksum in base32, in groups of five: what a person writes down."""
        check = hashlib.sha256(self.raw).digest()[:CHECK_BYTES]
        text = base64.b32encode(self.raw + check).decode("ascii").rstrip("=")
        return "-".join(text[i:i + GROUP] for i in range(0, len(text), GROUP))

    @classmethod
    def from_recovery_code(cls, text: str) -> JournalKey:
        """A recovery code as written down (any case, spaces or dashes); the checksum finds a typo."""
        letters = "".join(ch for ch in text.upper() if ch.isalnum())
        try:
            data = base64.b32decode(letters + "=" * (-len(letters) % 8))
        except ValueError:
            raise UsageError("that is not a recovery code: it has letters A-Z and digits 2-7 in groups of "
                             "five") from None
        raw, check = data[:KEY_BYTES], data[KEY_BYTES:]
        if len(data) != KEY_BYTES + CHECK_BYTES or hashlib.sha256(raw).digest()[:CHECK_BYTES] != check:
            raise UsageError("that recovery code is not complete or has a typo: check each group of five")
        return cls(raw)


CODE_LETTERS = -(-(KEY_BYTES + CHECK_BYTES) * 8 // 5)  # base32 letters in a recovery code (55)
BASE32 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def looks_like_recovery_code(text: str) -> bool:
    """Whether a typed secret is shaped like a recovery code, however it was written down (groups split by
    dashes or spaces, or none; any case), so it is tried as one, not as a passphrase. Off by a letter or
    two it still counts, so a typo is reported as one."""
    letters = "".join(text.split()).replace("-", "").upper()
    return abs(len(letters) - CODE_LETTERS) <= 2 and set(letters) <= BASE32


@dataclass(frozen=True)
class PassphraseLock:
    """The journal key wrapped by a passphrase: scrypt stretches the passphrase, AES-GCM wraps the key."""

    salt: bytes
    n: int
    r: int
    p: int
    nonce: bytes
    wrapped: bytes

    @classmethod
    def wrap(cls, key: JournalKey, passphrase: str) -> PassphraseLock:
        salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
        stretched = stretch(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        return cls(salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, nonce,
                   AESGCM(stretched).encrypt(nonce, key.raw, KEY_FILE_FORMAT.encode()))

    def unwrap(self, passphrase: str) -> JournalKey:
        stretched = stretch(passphrase, self.salt, self.n, self.r, self.p)
        try:
            return JournalKey(AESGCM(stretched).decrypt(self.nonce, self.wrapped, KEY_FILE_FORMAT.encode()))
        except (InvalidTag, ValueError):
            raise WrongKey("wrong passphrase for the journal: try again, or use the recovery code") from None

    def as_json(self) -> dict[str, object]:
        return {"kdf": "scrypt", "n": self.n, "r": self.r, "p": self.p, "salt": self.salt.hex(),
                "cipher": "aes-256-gcm", "nonce": self.nonce.hex(), "wrapped": self.wrapped.hex()}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> PassphraseLock:
        if data.get("kdf") != "scrypt" or data.get("cipher") != "aes-256-gcm":
            raise ValueError("unknown key wrapping")
        number = {name: int(str(data[name])) for name in ("n", "r", "p")}
        return cls(bytes.fromhex(str(data["salt"])), number["n"], number["r"], number["p"],
                   bytes.fromhex(str(data["nonce"])), bytes.fromhex(str(data["wrapped"])))


def stretch(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8", "surrogatepass"), salt=salt, n=n, r=r, p=p,
                          maxmem=SCRYPT_MAXMEM, dklen=KEY_BYTES)


@dataclass(frozen=True)
class KeyFile:
    """How this journal's key is found: its id in the keyring and/or the passphrase-wrapped key."""

    journal_id: str
    in_keyring: bool = False
    passphrase: PassphraseLock | None = None

    @classmethod
    def new(cls, *, in_keyring: bool, passphrase: PassphraseLock | None = None) -> KeyFile:
        return cls(uuid.uuid4().hex, in_keyring, passphrase)

    @staticmethod
    def path(data_dir: Path) -> Path:
        return data_dir / KEY_FILE

    @classmethod
    def load(cls, data_dir: Path) -> KeyFile | None:
        """The key file of the journal in `data_dir` (None: there is none, the journal is not encrypted)."""
        path = cls.path(data_dir)
        try:
            data = json.loads(path.read_bytes())
            if not isinstance(data, dict) or data.get("format") != KEY_FILE_FORMAT:
                raise ValueError("not a key file")
            lock = data.get("passphrase")
            return cls(str(data["journal_id"]), bool(data.get("keyring", False)),
                       PassphraseLock.from_json(lock) if isinstance(lock, dict) else None)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise JournalError(f"cannot read the journal's key file {path}: {exc.strerror}") from None
        except (ValueError, KeyError, TypeError):
            raise JournalError(f"the journal's key file {path} is damaged: open the journal with its "
                               "recovery code (voiceguide asks for it)") from None

    def save(self, data_dir: Path) -> None:
        """Write it atomically (0600, fsynced, then renamed over the old one)."""
        data: dict[str, object] = {"format": KEY_FILE_FORMAT, "version": 1, "journal_id": self.journal_id,
                                   "keyring": self.in_keyring}
        if self.passphrase is not None:
            data["passphrase"] = self.passphrase.as_json()
        target = self.path(data_dir)
        partial = target.with_name(target.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
        paths.fsync_path(data_dir)

    def with_passphrase(self, lock: PassphraseLock | None) -> KeyFile:
        return KeyFile(self.journal_id, self.in_keyring, lock)

    def with_keyring(self, in_keyring: bool) -> KeyFile:
        return KeyFile(self.journal_id, in_keyring, self.passphrase)


def key_in_keyring(data_dir: Path) -> bool:
    """Whether the journal in `data_dir` keeps its key in the desktop keyring (False when unreadable)."""
    try:
        key_file = KeyFile.load(data_dir)
    except JournalError:
        return False
    return key_file is not None and key_file.in_keyring

