"""Sealed recordings: encrypted chunk by chunk on disk, unreadable without the key, every damage detected."""

from __future__ import annotations

import functools
import math
import stat
import struct
import wave
import zlib
from pathlib import Path

import pytest

from voiceguide.errors import VoiceguideError
from voiceguide.journal.sealed import (
    HEADER_BYTES,
    MAGIC,
    TAG_BYTES,
    AudioFormat,
    SealedError,
    SealedWriter,
    is_sealed,
    pcm_of_wav,
    read_sealed,
    seal_file,
    wav_bytes,
)

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
CHUNK_BYTES = 640  # 20 ms of 16 kHz mono s16le, what the microphone thread hands on
LENGTH_BYTES = 4
MIC = AudioFormat()


@functools.cache
def sine(seconds: float, rate: int = 16000, hz: float = 440.0) -> bytes:
    """A pure tone: highly compressible, so any plaintext on disk would show."""
    count = int(seconds * rate)
    samples = (int(12000 * math.sin(2 * math.pi * hz * i / rate)) for i in range(count))
    return struct.pack(f"<{count}h", *samples)


def chunks_of(pcm: bytes, size: int = CHUNK_BYTES) -> list[bytes]:
    return [pcm[start:start + size] for start in range(0, len(pcm), size)]


def sealed_stream(path: Path, pieces: list[bytes], fmt: AudioFormat = MIC, key: bytes = KEY) -> None:
    with path.open("wb") as file:
        writer = SealedWriter(file, key, fmt)
        for piece in pieces:
            writer.write(piece)
        writer.close()


def chunk_spans(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of every chunk on disk, length prefix included."""
    spans, offset = [], HEADER_BYTES
    while offset < len(data):
        (length,) = struct.unpack_from(">I", data, offset)
        spans.append((offset, offset + LENGTH_BYTES + length))
        offset += LENGTH_BYTES + length
    return spans


@pytest.fixture
def recording(tmp_path: Path) -> tuple[Path, bytes]:
    """A sealed file of one second of tone in 20 ms chunks, and that tone."""
    pcm = sine(1.0)
    path = tmp_path / "answer.sealed"
    sealed_stream(path, chunks_of(pcm))
    return path, pcm


def test_many_chunks_read_back_whole(recording: tuple[Path, bytes]) -> None:
    path, pcm = recording
    assert read_sealed(path, KEY) == (MIC, pcm)


def test_chunks_of_uneven_sizes_read_back_whole(tmp_path: Path) -> None:
    pcm = sine(0.3)
    pieces = [pcm[:1], pcm[1:1001], b"", pcm[1001:1002], pcm[1002:]]
    sealed_stream(tmp_path / "a.sealed", pieces)
    assert read_sealed(tmp_path / "a.sealed", KEY)[1] == pcm


def test_no_chunks_is_empty_audio(tmp_path: Path) -> None:
    sealed_stream(tmp_path / "silent.sealed", [])
    assert read_sealed(tmp_path / "silent.sealed", KEY) == (MIC, b"")


def test_empty_chunks_write_nothing(tmp_path: Path) -> None:
    sealed_stream(tmp_path / "none.sealed", [])
    sealed_stream(tmp_path / "empties.sealed", [b"", b"", b""])
    assert (tmp_path / "empties.sealed").stat().st_size == (tmp_path / "none.sealed").stat().st_size


def test_the_format_fields_survive(tmp_path: Path) -> None:
    fmt = AudioFormat(rate=44100, channels=2, width=3)
    pcm = bytes(range(256)) * 6
    sealed_stream(tmp_path / "stereo.sealed", chunks_of(pcm, 60), fmt)
    assert read_sealed(tmp_path / "stereo.sealed", KEY) == (fmt, pcm)


def test_the_header_is_laid_out_as_documented(recording: tuple[Path, bytes]) -> None:
    data = recording[0].read_bytes()
    assert data[:8] == MAGIC == b"VGSEAL1\n"
    assert struct.unpack_from(">IBB", data, 8) == (16000, 1, 2)
    assert HEADER_BYTES == 8 + 6 + 8
    spans = chunk_spans(data)
    assert len(spans) == len(chunks_of(recording[1])) + 1  # and the final chunk
    assert spans[0][1] - spans[0][0] == LENGTH_BYTES + CHUNK_BYTES + TAG_BYTES
    assert spans[-1][1] - spans[-1][0] == LENGTH_BYTES + TAG_BYTES
    assert spans[-1][1] == len(data)


def test_known_plaintext_is_not_in_the_file(tmp_path: Path, recording: tuple[Path, bytes]) -> None:
    path, pcm = recording
    data = path.read_bytes()
    for start in (0, 5000, 20000):
        assert pcm[start:start + 32] not in data
    marker = b"my hands are shaking " * 40
    sealed_stream(tmp_path / "words.sealed", [marker])
    assert b"hands" not in (tmp_path / "words.sealed").read_bytes()


def test_the_file_does_not_compress(tmp_path: Path) -> None:
    tone, silence = sine(3.0), bytes(3 * 32000)
    assert len(zlib.compress(tone)) < 0.5 * len(tone)  # the signal itself compresses well
    for name, pcm in (("tone", tone), ("silence", silence)):
        path = tmp_path / f"{name}.sealed"
        sealed_stream(path, chunks_of(pcm))
        data = path.read_bytes()
        assert len(zlib.compress(data, 9)) >= 0.98 * len(data), name


def test_two_files_of_the_same_audio_differ(tmp_path: Path) -> None:
    pcm = sine(0.2)
    sealed_stream(tmp_path / "a.sealed", chunks_of(pcm))
    sealed_stream(tmp_path / "b.sealed", chunks_of(pcm))
    a, b = (tmp_path / "a.sealed").read_bytes(), (tmp_path / "b.sealed").read_bytes()
    assert a[HEADER_BYTES - 8:HEADER_BYTES] != b[HEADER_BYTES - 8:HEADER_BYTES]  # the nonce prefix
    assert a[HEADER_BYTES:] != b[HEADER_BYTES:]


def test_a_wrong_key_is_refused(recording: tuple[Path, bytes]) -> None:
    with pytest.raises(SealedError, match="wrong key or damaged"):
        read_sealed(recording[0], OTHER_KEY)


def test_the_error_is_one_line_naming_the_file(recording: tuple[Path, bytes]) -> None:
    with pytest.raises(SealedError) as caught:
        read_sealed(recording[0], OTHER_KEY)
    assert isinstance(caught.value, VoiceguideError)
    assert str(recording[0]) in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("key", [b"", bytes(16), bytes(24), bytes(31), bytes(33)])
def test_a_key_must_be_32_bytes(tmp_path: Path, recording: tuple[Path, bytes], key: bytes) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        read_sealed(recording[0], key)
    with (tmp_path / "x").open("wb") as file, pytest.raises(ValueError, match="32 bytes"):
        SealedWriter(file, key)
    with pytest.raises(ValueError, match="32 bytes"):
        seal_file(b"", key, tmp_path / "y", MIC)


def cut_points(data: bytes) -> dict[str, int]:
    spans = chunk_spans(data)
    return {
        "nothing": 0,
        "inside magic": 3,
        "inside header": HEADER_BYTES - 1,
        "header only": HEADER_BYTES,
        "inside a length": spans[1][0] + 2,
        "inside a chunk": spans[1][0] + 100,
        "after a chunk": spans[3][0],
        "inside the final chunk": spans[-1][1] - 1,
        "without the final chunk": spans[-1][0],
    }


CUTS = ["nothing", "inside magic", "inside header", "header only", "inside a length", "inside a chunk",
        "after a chunk", "inside the final chunk", "without the final chunk"]


@pytest.mark.parametrize("where", CUTS)
def test_a_file_cut_short_is_refused(recording: tuple[Path, bytes], where: str) -> None:
    path = recording[0]
    data = path.read_bytes()
    points = cut_points(data)
    assert set(points) == set(CUTS)
    path.write_bytes(data[:points[where]])
    with pytest.raises(SealedError):
        read_sealed(path, KEY)


def test_a_missing_final_chunk_says_cut_short(recording: tuple[Path, bytes]) -> None:
    path = recording[0]
    data = path.read_bytes()
    path.write_bytes(data[:chunk_spans(data)[-1][0]])
    with pytest.raises(SealedError, match="cut short"):
        read_sealed(path, KEY)


FLIPS = [0, 9, 12, 13, 20, HEADER_BYTES + 1, HEADER_BYTES + 4, HEADER_BYTES + 300, -1]


@pytest.mark.parametrize("offset", FLIPS)
def test_a_flipped_byte_is_refused(recording: tuple[Path, bytes], offset: int) -> None:
    path = recording[0]
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(SealedError):
        read_sealed(path, KEY)


def test_swapped_chunks_are_refused(recording: tuple[Path, bytes]) -> None:
    path = recording[0]
    data = path.read_bytes()
    (a_start, a_end), (b_start, b_end) = chunk_spans(data)[1:3]
    path.write_bytes(data[:a_start] + data[b_start:b_end] + data[a_start:a_end] + data[b_end:])
    with pytest.raises(SealedError, match="wrong key or damaged"):
        read_sealed(path, KEY)


def test_a_repeated_chunk_is_refused(recording: tuple[Path, bytes]) -> None:
    path = recording[0]
    data = path.read_bytes()
    start, end = chunk_spans(data)[2]
    path.write_bytes(data[:end] + data[start:end] + data[end:])
    with pytest.raises(SealedError):
        read_sealed(path, KEY)


def test_a_dropped_chunk_is_refused(recording: tuple[Path, bytes]) -> None:
    path = recording[0]
    data = path.read_bytes()
    start, end = chunk_spans(data)[2]
    path.write_bytes(data[:start] + data[end:])
    with pytest.raises(SealedError):
        read_sealed(path, KEY)


def test_a_header_from_another_file_is_refused(tmp_path: Path, recording: tuple[Path, bytes]) -> None:
    path = recording[0]
    sealed_stream(tmp_path / "other.sealed", [b"x" * 100])
    other_header = (tmp_path / "other.sealed").read_bytes()[:HEADER_BYTES]
    path.write_bytes(other_header + path.read_bytes()[HEADER_BYTES:])
    with pytest.raises(SealedError):
        read_sealed(path, KEY)


@pytest.mark.parametrize("garbage", [b"\x00", b"junk", bytes(4) + bytes(16)])
def test_bytes_after_the_final_chunk_are_refused(recording: tuple[Path, bytes], garbage: bytes) -> None:
    path = recording[0]
    path.write_bytes(path.read_bytes() + garbage)
    with pytest.raises(SealedError, match="after its end"):
        read_sealed(path, KEY)


def test_a_second_sealed_file_appended_is_refused(tmp_path: Path, recording: tuple[Path, bytes]) -> None:
    path = recording[0]
    sealed_stream(tmp_path / "more.sealed", [b"y" * 64])
    path.write_bytes(path.read_bytes() + (tmp_path / "more.sealed").read_bytes()[HEADER_BYTES:])
    with pytest.raises(SealedError):
        read_sealed(path, KEY)


def test_a_plain_file_is_not_sealed(tmp_path: Path) -> None:
    path = tmp_path / "answer.wav"
    path.write_bytes(wav_bytes(MIC, sine(0.1)))
    with pytest.raises(SealedError, match="not a sealed recording"):
        read_sealed(path, KEY)


def test_a_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_sealed(tmp_path / "gone.sealed", KEY)


def test_is_sealed(tmp_path: Path, recording: tuple[Path, bytes]) -> None:
    plain, empty, short = tmp_path / "plain.wav", tmp_path / "empty", tmp_path / "short"
    plain.write_bytes(wav_bytes(MIC, sine(0.1)))
    empty.write_bytes(b"")
    short.write_bytes(MAGIC[:5])
    assert is_sealed(recording[0])
    assert not is_sealed(plain)
    assert not is_sealed(empty)
    assert not is_sealed(short)
    assert not is_sealed(tmp_path / "missing")
    assert not is_sealed(tmp_path)  # a folder


def test_an_unclosed_writer_has_every_chunk_on_disk_sealed(tmp_path: Path) -> None:
    path = tmp_path / "crashed.sealed"
    pcm = sine(0.5)
    file = path.open("wb")
    try:
        writer = SealedWriter(file, KEY)
        assert path.stat().st_size == HEADER_BYTES
        for count, piece in enumerate(chunks_of(pcm), start=1):
            writer.write(piece)
            assert path.stat().st_size == HEADER_BYTES + count * (LENGTH_BYTES + CHUNK_BYTES + TAG_BYTES)
            assert writer.written == count * CHUNK_BYTES
        on_disk = path.read_bytes()
        assert pcm[:CHUNK_BYTES] not in on_disk
        assert pcm[-CHUNK_BYTES:] not in on_disk
        with pytest.raises(SealedError, match="cut short"):
            read_sealed(path, KEY)
    finally:
        file.close()  # the process "died": the writer never closed
    with pytest.raises(SealedError, match="cut short"):
        read_sealed(path, KEY)


def test_close_is_idempotent_and_ends_writing(tmp_path: Path) -> None:
    path = tmp_path / "twice.sealed"
    with path.open("wb") as file:
        writer = SealedWriter(file, KEY)
        writer.write(b"ab" * 10)
        writer.close()
        size = path.stat().st_size
        writer.close()
        assert path.stat().st_size == size
        with pytest.raises(ValueError, match="closed"):
            writer.write(b"cd")
    assert read_sealed(path, KEY)[1] == b"ab" * 10


@pytest.mark.parametrize("fmt", [AudioFormat(rate=0), AudioFormat(channels=0), AudioFormat(width=256)])
def test_a_format_that_does_not_fit_the_header_is_refused(tmp_path: Path, fmt: AudioFormat) -> None:
    with (tmp_path / "x").open("wb") as file, pytest.raises(ValueError):
        SealedWriter(file, KEY, fmt)


def test_seal_file_round_trips_and_is_private(tmp_path: Path) -> None:
    target = tmp_path / "answer.sealed"
    pcm = sine(5.0)  # larger than one of seal_file's chunks
    seal_file(pcm, KEY, target, MIC)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert read_sealed(target, KEY) == (MIC, pcm)


def test_seal_file_replaces_a_file_and_makes_it_private(tmp_path: Path) -> None:
    target = tmp_path / "answer.sealed"
    target.write_bytes(b"an older, longer, plaintext file " * 1000)
    target.chmod(0o644)
    seal_file(b"\x01\x02", KEY, target, MIC)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert read_sealed(target, KEY) == (MIC, b"\x01\x02")


def test_seal_file_of_nothing_reads_back_empty(tmp_path: Path) -> None:
    seal_file(b"", KEY, tmp_path / "empty.sealed", AudioFormat(rate=8000))
    assert read_sealed(tmp_path / "empty.sealed", KEY) == (AudioFormat(rate=8000), b"")


def test_wav_bytes_and_pcm_of_wav_round_trip_through_a_file(tmp_path: Path) -> None:
    for fmt, pcm in ((MIC, sine(0.25)), (AudioFormat(rate=22050, channels=2, width=2), sine(0.1) * 2)):
        path = tmp_path / f"{fmt.rate}.wav"
        path.write_bytes(wav_bytes(fmt, pcm))
        with wave.open(str(path), "rb") as wav:
            assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (
                fmt.rate, fmt.channels, fmt.width)
        assert pcm_of_wav(path) == (fmt, pcm)


def test_an_empty_wav_has_no_pcm(tmp_path: Path) -> None:
    path = tmp_path / "empty.wav"
    path.write_bytes(wav_bytes(MIC, b""))
    assert pcm_of_wav(path) == (MIC, b"")


@pytest.mark.parametrize("content", [b"", b"RIFF", b"not a wav file at all", MAGIC + bytes(40)])
def test_an_unreadable_wav_is_one_clear_line(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.wav"
    path.write_bytes(content)
    with pytest.raises(SealedError, match="not a readable PCM WAV") as caught:
        pcm_of_wav(path)
    assert "\n" not in str(caught.value)


def test_a_sealed_file_is_not_a_wav(recording: tuple[Path, bytes]) -> None:
    with pytest.raises(SealedError, match="not a readable PCM WAV"):
        pcm_of_wav(recording[0])


def test_a_float_wav_is_not_pcm(tmp_path: Path) -> None:
    path = tmp_path / "float.wav"
    data = bytearray(wav_bytes(MIC, bytes(64)))
    data[20:22] = struct.pack("<H", 3)  # WAVE_FORMAT_IEEE_FLOAT
    path.write_bytes(bytes(data))
    with pytest.raises(SealedError, match="not a readable PCM WAV"):
        pcm_of_wav(path)
