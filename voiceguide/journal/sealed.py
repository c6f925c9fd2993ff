"""Sealed recordings: PCM audio encrypted with AES-256-GCM chunk by chunk as it is written to disk.

On disk a sealed file is a 22-byte header, then chunks. The header is MAGIC (8 bytes, b"VGSEAL1\\n"), the
sample rate (4 bytes, big-endian), channels (1 byte), sample width in bytes (1 byte) and a random nonce
prefix (8 bytes) drawn for this file alone. Each chunk is the length of its ciphertext (4 bytes,
big-endian) and the ciphertext (the plaintext and a 16-byte tag). Chunk number n (from 0) is sealed with
the nonce prefix + n (4 bytes, big-endian) and, as associated data, the whole header + n (4 bytes) + a
final flag (1 byte). The writer ends every file with a chunk whose final flag is 1 (empty plaintext), so
a file cut short, a chunk moved, repeated or dropped, a header swapped in from another file, bytes added
after the end or a wrong key all fail authentication or the final-chunk check: nothing is ever returned
from such a file. No plaintext is written or kept beyond the chunk being sealed.
"""

from __future__ import annotations

import io
import os
import struct
import wave
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from voiceguide.audio.format import MIC_FORMAT, AudioFormat
from voiceguide.errors import VoiceguideError
from voiceguide.journal.connection import PRIVATE_FILE

MAGIC = b"VGSEAL1\n"
KEY_BYTES = 32
NONCE_PREFIX_BYTES = 8
TAG_BYTES = 16
_FORMAT_FIELDS = struct.Struct(">IBB")  # sample rate, channels, sample width
_COUNTER = struct.Struct(">I")
_LENGTH = struct.Struct(">I")
HEADER_BYTES = len(MAGIC) + _FORMAT_FIELDS.size + NONCE_PREFIX_BYTES
MAX_CHUNKS = 1 << 32  # the counter's 4 bytes; a nonce must never repeat under one key and prefix
MAX_CHUNK_BYTES = (1 << 31) - 1 - TAG_BYTES  # what AESGCM accepts in one call
SEAL_FILE_CHUNK_BYTES = 1 << 16  # seal_file's chunks: bounded memory for the cipher, tiny overhead
NOT_FINAL = b"\x00"
FINAL = b"\x01"


class SealedError(VoiceguideError):
    """A sealed recording cannot be read (wrong key, damaged, cut short, not sealed), or a WAV cannot."""


class _Unreadable(Exception):
    """Why the bytes of a sealed file cannot be opened; read_sealed names the file."""


class SealedWriter:
    """Seals each chunk handed to `write` and writes it to `file` at once; `close` marks the end.

    The caller owns `file` (opened for binary writing, positioned at its start) and closes it after
    `close`. A writer that is never closed leaves a file that reads as cut short.
    """

    def __init__(self, file: BinaryIO, key: bytes, fmt: AudioFormat = MIC_FORMAT) -> None:
        self._aead = AESGCM(checked_key(key))
        self._file = file
        self._header = header_bytes(fmt, os.urandom(NONCE_PREFIX_BYTES))
        self._counter = 0
        self._closed = False
        self.written = 0
        self._put(self._header)

    def write(self, pcm: bytes) -> None:
        """Encrypt this chunk and write it (an empty chunk writes nothing); raises OSError from the disk."""
        if self._closed:
            raise ValueError("this sealed recording is already closed")
        if len(pcm) > MAX_CHUNK_BYTES:
            raise ValueError(f"a chunk of {len(pcm)} bytes is too large to seal at once")
        if not pcm:
            return
        self._put_chunk(pcm, final=False)
        self.written += len(pcm)

    def close(self) -> None:
        """Write the final chunk and put the file on disk (flush, fsync); a second call does nothing."""
        if self._closed:
            return
        self._put_chunk(b"", final=True)
        self._closed = True
        os.fsync(self._file.fileno())

    def _put_chunk(self, pcm: bytes, *, final: bool) -> None:
        if self._counter >= MAX_CHUNKS:
            raise ValueError("this sealed recording has too many chunks")
        sealed = self._aead.encrypt(chunk_nonce(self._header, self._counter), pcm,
                                    chunk_aad(self._header, self._counter, final))
        self._put(_LENGTH.pack(len(sealed)) + sealed)
        self._counter += 1

    def _put(self, data: bytes) -> None:
        # Flushed at once so the sealed chunk reaches the file, not a buffer lost in a crash.
        self._file.write(data)
        self._file.flush()


def checked_key(key: bytes) -> bytes:
    if len(key) != KEY_BYTES:
        raise ValueError(f"a sealing key is {KEY_BYTES} bytes, not {len(key)}")
    return bytes(key)


def header_bytes(fmt: AudioFormat, nonce_prefix: bytes) -> bytes:
    if not (0 < fmt.rate < 1 << 32 and 0 < fmt.channels < 256 and 0 < fmt.width < 256):
        raise ValueError(f"{fmt} cannot be sealed")
    return MAGIC + _FORMAT_FIELDS.pack(fmt.rate, fmt.channels, fmt.width) + nonce_prefix


def chunk_nonce(header: bytes, counter: int) -> bytes:
    return header[-NONCE_PREFIX_BYTES:] + _COUNTER.pack(counter)


def chunk_aad(header: bytes, counter: int, final: bool) -> bytes:
    return header + _COUNTER.pack(counter) + (FINAL if final else NOT_FINAL)


def is_sealed(path: Path) -> bool:
    """Whether the file at `path` starts with MAGIC (False when it is missing, unreadable or shorter)."""
    return starts_with(path, MAGIC)


def starts_with(path: Path, magic: bytes) -> bool:
    """Whether the file at `path` starts with `magic` (False when it is missing, unreadable or shorter)."""
    try:
        with path.open("rb") as file:
            return file.read(len(magic)) == magic
    except OSError:
        return False


def read_sealed(path: Path, key: bytes) -> tuple[AudioFormat, bytes]:
    """The format and whole PCM of a sealed file; SealedError when it cannot be opened (OSError passes)."""
    aead = AESGCM(checked_key(key))
    data = path.read_bytes()
    try:
        return unseal(data, aead)
    except _Unreadable as exc:
        raise SealedError(f"the recording {path} cannot be read: {exc}") from None


def unseal(data: bytes, aead: AESGCM) -> tuple[AudioFormat, bytes]:
    header = data[:HEADER_BYTES]
    if len(header) < HEADER_BYTES or not header.startswith(MAGIC):
        raise _Unreadable("it is not a sealed recording")
    rate, channels, width = _FORMAT_FIELDS.unpack_from(header, len(MAGIC))
    pcm = io.BytesIO()
    offset, counter = HEADER_BYTES, 0
    while True:
        sealed, offset = next_chunk(data, offset)
        plain, final = open_chunk(aead, header, counter, sealed)
        pcm.write(plain)
        counter += 1
        if final:
            break
    if offset != len(data):
        raise _Unreadable("it has unexpected data after its end")
    return AudioFormat(rate, channels, width), pcm.getvalue()


def next_chunk(data: bytes, offset: int) -> tuple[bytes, int]:
    """The chunk's ciphertext at `offset` and the offset after it."""
    start = offset + _LENGTH.size
    if start > len(data):
        raise _Unreadable("it was cut short")
    (length,) = _LENGTH.unpack_from(data, offset)
    if start + length > len(data):
        raise _Unreadable("it was cut short")
    if length < TAG_BYTES:
        raise _Unreadable("it is damaged")
    return data[start:start + length], start + length


def open_chunk(aead: AESGCM, header: bytes, counter: int, sealed: bytes) -> tuple[bytes, bool]:
    """The chunk's plaintext and whether it is the final one; the flag is authenticated, so only one fits."""
    nonce = chunk_nonce(header, counter)
    for final in (False, True):
        try:
            return aead.decrypt(nonce, sealed, chunk_aad(header, counter, final)), final
        except InvalidTag:
            continue
    raise _Unreadable("wrong key or damaged file")


def seal_file(pcm: bytes, key: bytes, target: Path, fmt: AudioFormat) -> None:
    """Write `pcm` as a whole sealed file at `target` (created or replaced, 0600, fsynced)."""
    checked_key(key)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, PRIVATE_FILE)
    try:
        os.fchmod(fd, PRIVATE_FILE)  # an existing file keeps its old mode through O_TRUNC
        file = os.fdopen(fd, "wb")
    except BaseException:
        os.close(fd)
        raise
    with file:
        writer = SealedWriter(file, key, fmt)
        view = memoryview(pcm)
        for start in range(0, len(view), SEAL_FILE_CHUNK_BYTES):
            writer.write(bytes(view[start:start + SEAL_FILE_CHUNK_BYTES]))
        writer.close()


def wav_bytes(fmt: AudioFormat, pcm: bytes) -> bytes:
    """A complete WAV file in memory holding `pcm` (for export and playback)."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(fmt.channels)
        wav.setsampwidth(fmt.width)
        wav.setframerate(fmt.rate)
        wav.writeframes(pcm)
    return buffer.getvalue()


def pcm_of_wav(path: Path) -> tuple[AudioFormat, bytes]:
    """The format and PCM of a plain WAV file (migrating old recordings); SealedError when it is not a
    readable PCM WAV, OSError when the file cannot be opened."""
    try:
        with wave.open(str(path), "rb") as wav:
            fmt = AudioFormat(wav.getframerate(), wav.getnchannels(), wav.getsampwidth())
            pcm = wav.readframes(wav.getnframes())
    except (wave.Error, EOFError) as exc:
        reason = str(exc) or "cut short"
        raise SealedError(f"the recording {path} is not a readable PCM WAV file ({reason})") from None
    return fmt, pcm
