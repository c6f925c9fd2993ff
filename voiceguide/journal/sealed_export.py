"""Encrypted JSON exports: the export's document sealed with AES-256-GCM under a journal key or a passphrase.

On disk an encrypted export is MAGIC (b"VGEXPORT1\\n"), one header line of JSON (ASCII, keys sorted,
ending in a newline), then chunks. The header names the format and version, the cipher, a random 8-byte
nonce prefix (hex) drawn for this file alone, a key check (the first 8 bytes of SHA-256 over a label and the
content key, hex: it tells a wrong key from a damaged file and says nothing about the key) and how the
content key is protected: "key": "journal-key" (the content key is the exporting journal's own key: the
export opens where that journal unlocks, or with its recovery code) or "key": "passphrase" (a random
content key wrapped by keys.PassphraseLock, scrypt then AES-GCM, under "passphrase"). Each chunk is the
length of its ciphertext (4 bytes, big-endian) and the ciphertext (the plaintext and a 16-byte tag); chunk
number n (from 0) is sealed with the nonce prefix + n (4 bytes, big-endian) and, as associated data,
MAGIC + the header line + n (4 bytes) + a final flag (1 byte), as in voiceguide.journal.sealed. The last
chunk is empty with the final flag 1, so a changed header, a chunk moved, dropped or repeated, a file cut
short or with bytes after its end, or a wrong key all fail: nothing is returned from such a file. The
recordings go into FILE.audio/ as sealed recordings (voiceguide.journal.sealed) under the same content key.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from voiceguide.errors import UsageError
from voiceguide.journal.keys import JournalKey, PassphraseLock, WrongKey
from voiceguide.journal.sealed import FINAL, NOT_FINAL, TAG_BYTES

MAGIC = b"VGEXPORT1\n"
FORMAT_NAME = "voiceguide-sealed-export"
FORMAT_VERSION = 1
JOURNAL_KEY = "journal-key"
PASSPHRASE = "passphrase"
NONCE_PREFIX_BYTES = 8
CHUNK_BYTES = 1 << 16
MAX_HEADER_BYTES = 4096
KEY_CHECK_LABEL = b"voiceguide export key check\x00"
_COUNTER = struct.Struct(">I")
_LENGTH = struct.Struct(">I")


@dataclass(frozen=True)
class Sealing:
    """The content key an export is sealed with, and its passphrase wrapping (None: the journal's key)."""

    key: JournalKey
    lock: PassphraseLock | None = None

    def __repr__(self) -> str:
        return f"Sealing(key=<hidden>, {'passphrase' if self.lock is not None else 'journal key'})"

    @classmethod
    def with_passphrase(cls, passphrase: str) -> Sealing:
        key = JournalKey.generate()
        return cls(key, PassphraseLock.wrap(key, passphrase))


@dataclass(frozen=True)
class Header:
    """An encrypted export's header as read; `line` is its exact bytes (authenticated with every chunk)."""

    line: bytes
    protection: str  # JOURNAL_KEY or PASSPHRASE
    lock: PassphraseLock | None
    key_check: str
    nonce_prefix: bytes


def key_check(key: JournalKey) -> str:
    return hashlib.sha256(KEY_CHECK_LABEL + key.raw).hexdigest()[:16]


def seal(document: bytes, sealing: Sealing) -> bytes:
    """The whole encrypted export holding `document` (the JSON export's bytes)."""
    nonce_prefix = os.urandom(NONCE_PREFIX_BYTES)
    header: dict[str, object] = {
        "format": FORMAT_NAME, "version": FORMAT_VERSION, "cipher": "aes-256-gcm",
        "key": JOURNAL_KEY if sealing.lock is None else PASSPHRASE, "key_check": key_check(sealing.key),
        "nonce_prefix": nonce_prefix.hex()}
    if sealing.lock is not None:
        header["passphrase"] = sealing.lock.as_json()
    line = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("ascii") + b"\n"
    aead = AESGCM(sealing.key.raw)
    out = io.BytesIO()
    out.write(MAGIC + line)
    pieces = [document[start:start + CHUNK_BYTES] for start in range(0, len(document), CHUNK_BYTES)]
    for counter, piece in enumerate([*pieces, b""]):
        final = counter == len(pieces)
        sealed = aead.encrypt(nonce_prefix + _COUNTER.pack(counter), piece, chunk_aad(line, counter, final))
        out.write(_LENGTH.pack(len(sealed)) + sealed)
    return out.getvalue()


def chunk_aad(line: bytes, counter: int, final: bool) -> bytes:
    return MAGIC + line + _COUNTER.pack(counter) + (FINAL if final else NOT_FINAL)


def is_sealed_export(path: Path) -> bool:
    """Whether the file at `path` starts with MAGIC (False when it is missing, unreadable or shorter)."""
    from voiceguide.journal.sealed import starts_with

    return starts_with(path, MAGIC)


def read_header(data: bytes, where: Path) -> Header:
    """The header of the encrypted export `data` (read from `where`); UsageError when it has none."""
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + MAX_HEADER_BYTES)
    if not data.startswith(MAGIC) or end < 0:
        raise UsageError(f"{where} is not an encrypted voiceguide export (or it is damaged)")
    line = data[len(MAGIC):end + 1]
    try:
        fields = json.loads(line.decode("ascii"))
        if not isinstance(fields, dict) or fields.get("format") != FORMAT_NAME:
            raise ValueError("not an export header")
        if fields.get("version") != FORMAT_VERSION or fields.get("cipher") != "aes-256-gcm":
            raise UsageError(f"{where}: this encrypted export's version is not supported (this voiceguide "
                             f"reads version {FORMAT_VERSION})")
        protection = fields["key"]
        lock_fields = fields.get("passphrase")
        lock = PassphraseLock.from_json(lock_fields) if isinstance(lock_fields, dict) else None
        if protection not in (JOURNAL_KEY, PASSPHRASE) or (protection == PASSPHRASE) != (lock is not None):
            raise ValueError("unknown key protection")
        nonce_prefix = bytes.fromhex(str(fields["nonce_prefix"]))
        if len(nonce_prefix) != NONCE_PREFIX_BYTES:
            raise ValueError("bad nonce prefix")
        return Header(line, protection, lock, str(fields["key_check"]), nonce_prefix)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise UsageError(f"{where}: the encrypted export's header is damaged; nothing was imported") from None


def opens_with(header: Header, journal_key: JournalKey | None) -> bool:
    """Whether the export is sealed with this journal's own key (no secret needs to be asked for)."""
    return header.protection == JOURNAL_KEY and journal_key is not None and \
        key_check(journal_key) == header.key_check


def content_key(header: Header, journal_key: JournalKey | None, secret: str | None,
                where: Path) -> JournalKey:
    """The key that opens the export: the current journal's own key when it is the one ("journal-key"),
    else `secret` as that journal's recovery code, or as the export's passphrase ("passphrase").
    WrongKey (one line) when it does not fit; UsageError when no secret was given."""
    if header.protection == PASSPHRASE:
        assert header.lock is not None
        if secret is None:
            raise UsageError(f"{where} is encrypted with a passphrase: give it with --export-passphrase-file "
                             "FILE or VOICEGUIDE_EXPORT_PASSPHRASE (or type it on a terminal)")
        try:
            key = header.lock.unwrap(secret)
        except WrongKey:
            raise WrongKey(f"wrong passphrase for the encrypted export {where}: nothing was "
                           "imported") from None
        return key
    if opens_with(header, journal_key):
        assert journal_key is not None
        return journal_key
    if secret is None:
        raise UsageError(f"{where} is encrypted with another journal's key: give that journal's recovery "
                         "code with --export-passphrase-file FILE or VOICEGUIDE_EXPORT_PASSPHRASE (or type "
                         "it on a terminal)")
    try:
        key = JournalKey.from_recovery_code(secret)
    except UsageError as exc:
        raise WrongKey(f"{exc} (for the encrypted export {where}); nothing was imported") from None
    if key_check(key) != header.key_check:
        raise WrongKey(f"that recovery code does not open the encrypted export {where}: it is another "
                       "journal's; nothing was imported")
    return key


def unseal(data: bytes, header: Header, key: JournalKey, where: Path) -> bytes:
    """The document inside the encrypted export `data`; UsageError when it was changed, cut or damaged."""
    aead = AESGCM(key.raw)
    offset = len(MAGIC) + len(header.line)
    out = io.BytesIO()
    counter = 0
    damaged = UsageError(f"{where} was changed or damaged after it was written (or the key is wrong); "
                         "nothing was imported")
    while True:
        start = offset + _LENGTH.size
        if start > len(data):
            raise damaged
        (length,) = _LENGTH.unpack_from(data, offset)
        if length < TAG_BYTES or start + length > len(data):
            raise damaged
        sealed, offset = data[start:start + length], start + length
        nonce = header.nonce_prefix + _COUNTER.pack(counter)
        for final in (False, True):
            try:
                out.write(aead.decrypt(nonce, sealed, chunk_aad(header.line, counter, final)))
                break
            except InvalidTag:
                continue
        else:
            raise damaged
        counter += 1
        if final:
            break
    if offset != len(data):
        raise damaged
    return out.getvalue()
