"""A CTranslate2 Whisper model with its weights stored as int8, made once from a float16 one and cached.

CTranslate2 quantizes float16 weights to int8 while loading, and for tiny.en that conversion alone
peaks about 120 MB above what the loaded model needs. Storing the int8 weights (with the same per-row
scales CTranslate2 would compute) makes loading a plain read. The conversion runs in a child process,
so its own peak never lands in the app's.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from voiceguide import paths
from voiceguide.errors import EngineError
from voiceguide.speech.model_files import sha256_of

# CTranslate2's DataType enum order (include/ctranslate2/types.h).
DTYPES = ("float32", "int8", "int16", "int32", "float16", "bfloat16")
MODEL_FILE = "model.bin"
# Part of the copy's folder name: raise it whenever the conversion changes, so no copy made by an older
# conversion is used again.
CONVERSION_VERSION = 2
DONE_MARKER = "converted-from.sha256"
BINARY_VERSION = 6  # the model.bin layout read and written here (CTranslate2 4.x writes it)
CONVERTIBLE = {"float16", "float32"}


@dataclass(frozen=True)
class VariableHeader:
    """One stored variable: its name, shape and dtype, and where its bytes are in the file."""

    name: str
    shape: tuple[int, ...]
    dtype: str
    offset: int
    nbytes: int


@dataclass
class Ct2Model:
    """A CTranslate2 model.bin: the spec it implements, its variables and their aliases."""

    version: int
    spec: str
    revision: int
    variables: dict[str, np.ndarray]
    aliases: list[tuple[str, str]]


def _take(handle: BinaryIO, fmt: str) -> int:
    size = struct.calcsize("<" + fmt)
    data = handle.read(size)
    if len(data) != size:
        raise EngineError(f"{handle.name} ends early: not a CTranslate2 model file")
    return int(struct.unpack("<" + fmt, data)[0])


def _string(handle: BinaryIO) -> str:
    length = _take(handle, "H")
    return handle.read(length)[:-1].decode("utf-8")


def _put_string(handle: BinaryIO, text: str) -> None:
    raw = text.encode("utf-8")
    handle.write(struct.pack("<H", len(raw) + 1) + raw + b"\0")


def _headers(handle: BinaryIO) -> Iterator[VariableHeader]:
    for _ in range(_take(handle, "I")):
        name = _string(handle)
        shape = tuple(_take(handle, "I") for _ in range(_take(handle, "B")))
        dtype_id = _take(handle, "B")
        if dtype_id >= len(DTYPES):
            raise EngineError(f"{handle.name}: unknown data type {dtype_id} for {name}")
        nbytes = _take(handle, "I")
        yield VariableHeader(name, shape, DTYPES[dtype_id], handle.tell(), nbytes)
        handle.seek(nbytes, os.SEEK_CUR)


def _is_matrix(name: str, ndim: int) -> bool:
    """A weight CTranslate2 quantizes: a 2-D one (linear layers, embeddings), not a 3-D convolution."""
    return name.endswith("weight") and ndim == 2


def weight_dtypes(path: Path) -> set[str]:
    """The dtypes the file stores its weight matrices (2-D weights) in, read from the headers alone;
    empty for a file in a binary version this reader does not know (CTranslate2 then loads it as it is)."""
    with path.open("rb") as handle:
        if _take(handle, "I") != BINARY_VERSION:
            return set()
        _string(handle)
        _take(handle, "I")
        return {h.dtype for h in _headers(handle) if _is_matrix(h.name, len(h.shape))}


def read_model(path: Path) -> Ct2Model:
    with path.open("rb") as handle:
        version, spec, revision = _take(handle, "I"), _string(handle), _take(handle, "I")
        variables: dict[str, np.ndarray] = {}
        for header in list(_headers(handle)):
            handle.seek(header.offset)
            data = np.frombuffer(handle.read(header.nbytes), dtype=header.dtype)
            variables[header.name] = data.reshape(header.shape)
        aliases = [(_string(handle), _string(handle)) for _ in range(_take(handle, "I"))]
    return Ct2Model(version, spec, revision, variables, aliases)


def write_model(model: Ct2Model, path: Path) -> None:
    with path.open("wb") as handle:
        handle.write(struct.pack("<I", model.version))
        _put_string(handle, model.spec)
        handle.write(struct.pack("<II", model.revision, len(model.variables)))
        for name, value in model.variables.items():
            _put_variable(handle, name, value)
        handle.write(struct.pack("<I", len(model.aliases)))
        for alias, target in model.aliases:
            _put_string(handle, alias)
            _put_string(handle, target)


def quantize_rows(weight: np.ndarray, block_rows: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """int8 weights and their per-output-row scales, as CTranslate2 quantizes (weight ≈ q / scale).

    Done a block of rows at a time: the float32 copies of a whole embedding matrix would take 240 MB.
    """
    rows = weight.reshape(weight.shape[0], -1)
    quantized = np.empty(rows.shape, dtype=np.int8)
    scale = np.empty(rows.shape[0], dtype=np.float32)
    for start in range(0, rows.shape[0], block_rows):
        block = rows[start:start + block_rows].astype(np.float32)
        peak = np.abs(block).max(axis=1)
        peak[peak == 0] = 127.0
        peak = np.maximum(peak, np.float32(127) / np.finfo(np.float32).max)
        block_scale = (127.0 / peak).astype(np.float32)
        block *= block_scale[:, None]
        quantized[start:start + block_rows] = np.rint(block, out=block)
        scale[start:start + block_rows] = block_scale
    return quantized.reshape(weight.shape), scale


def int8_variables(name: str, value: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """One variable as CTranslate2 would hold it for int8 compute: a 2-D float weight (linear layers,
    embeddings) as int8 plus its `_scale`; other floats, the 3-D convolution kernels included, as float32."""
    floating = value.dtype.name in CONVERTIBLE
    if floating and _is_matrix(name, value.ndim):
        weight, scale = quantize_rows(value)
        return [(name, weight), (f"{name}_scale", scale)]
    return [(name, value.astype(np.float32) if floating else value)]


def to_int8(model: Ct2Model) -> Ct2Model:
    """The same model with its variables as `int8_variables` turns them."""
    variables = dict(pair for name, value in model.variables.items() for pair in int8_variables(name, value))
    return Ct2Model(model.version, model.spec, model.revision, variables, list(model.aliases))


def _put_variable(handle: BinaryIO, name: str, value: np.ndarray) -> None:
    _put_string(handle, name)
    handle.write(struct.pack("<B", value.ndim) + b"".join(struct.pack("<I", d) for d in value.shape))
    handle.write(struct.pack("<B", DTYPES.index(value.dtype.name)) + struct.pack("<I", value.nbytes))
    handle.write(np.ascontiguousarray(value).tobytes())


def convert_file(source: Path, target: Path) -> None:
    """Write the int8 version of the model file `source` to `target`, one variable at a time (so the
    conversion holds at most one tensor, not the model, in memory)."""
    with source.open("rb") as reader, target.open("wb") as writer:
        version, spec, revision = _take(reader, "I"), _string(reader), _take(reader, "I")
        headers = list(_headers(reader))
        aliases_at = reader.tell()
        count = sum(2 if _is_matrix(h.name, len(h.shape)) and h.dtype in CONVERTIBLE else 1 for h in headers)
        writer.write(struct.pack("<I", version))
        _put_string(writer, spec)
        writer.write(struct.pack("<II", revision, count))
        for header in headers:
            reader.seek(header.offset)
            value = np.frombuffer(reader.read(header.nbytes), dtype=header.dtype).reshape(header.shape)
            for name, converted in int8_variables(header.name, value):
                _put_variable(writer, name, converted)
        reader.seek(aliases_at)
        writer.write(reader.read())  # the alias table, unchanged


def convert_folder(source: Path, target: Path) -> None:
    """Write the int8 version of the model folder `source` into the new folder `target` (0700, its
    files 0600)."""
    target.mkdir(mode=0o700, parents=True)
    for item in source.iterdir():
        if item.is_file() and item.name != MODEL_FILE:
            shutil.copyfile(item, target / item.name)
    convert_file(source / MODEL_FILE, target / MODEL_FILE)
    for item in target.iterdir():
        os.chmod(item, 0o600)


def _folder_digest(source: Path) -> str:
    """Names the model folder's content: its model, and the files copied beside the int8 weights."""
    digests = [f"{item.name}:{sha256_of(item)}" for item in sorted(source.iterdir()) if item.is_file()]
    return hashlib.sha256("\n".join(digests).encode("utf-8")).hexdigest()


def _cannot_store(cache: Path, why: object) -> EngineError:
    return EngineError(f"could not store the Whisper model as int8 in {cache}: {why}")


def int8_folder(source: Path, cache: Path) -> Path:
    """A folder holding `source`'s model with int8 weights: `source` itself when it already stores them
    (or stores them in a way this conversion does not handle), else a converted copy in `cache`, made on
    first use (in a child process) and reused after. Raises a one-line EngineError when no copy can be
    made; the caller then loads `source` as it is."""
    model_file = source / MODEL_FILE
    try:
        dtypes = weight_dtypes(model_file)
        if not dtypes or not dtypes <= CONVERTIBLE | {"int8"} or dtypes <= {"int8"}:
            return source
        digest = _folder_digest(source)
    except (OSError, ValueError, struct.error, EngineError) as exc:  # not a model file this reader knows
        raise EngineError(f"the Whisper model {model_file} cannot be read: {exc}") from None
    target = cache / f"whisper-int8-v{CONVERSION_VERSION}-{digest[:16]}"
    if (target / DONE_MARKER).is_file():
        return target
    try:
        paths.ensure_private_dir(cache)
        work = Path(tempfile.mkdtemp(prefix=".whisper-int8-", dir=cache))
    except OSError as exc:
        raise _cannot_store(cache, exc) from None
    try:
        done = subprocess.run(  # run from the cache folder: no voiceguide/ in the current one shadows ours
            [sys.executable, "-m", "voiceguide.speech.whisper_int8", str(source), str(work / "model")],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300, check=False, cwd=cache,
        )
        if done.returncode != 0:
            raise _cannot_store(cache, (done.stderr.strip().splitlines() or ["no message"])[-1])
        marker = work / "model" / DONE_MARKER
        marker.write_text(f"{digest}\n{source.resolve()}\n", encoding="utf-8")
        os.chmod(marker, 0o600)
        if target.exists() and not (target / DONE_MARKER).is_file():
            shutil.rmtree(target)  # a copy left unfinished (or partly deleted): replace it
        try:
            (work / "model").rename(target)
        except OSError:  # another process finished first: use its copy
            if not (target / DONE_MARKER).is_file():
                raise
    except (OSError, subprocess.SubprocessError) as exc:
        raise _cannot_store(cache, exc) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _forget_older_copies(source, target)
    return target


def _forget_older_copies(source: Path, kept: Path) -> None:
    """Delete the copies an earlier conversion or an earlier version of the same model folder left."""
    for other in kept.parent.glob("whisper-int8-*"):
        try:
            made_from = (other / DONE_MARKER).read_text(encoding="utf-8").splitlines()[1:2]
        except OSError:
            continue
        if other != kept and made_from == [str(source.resolve())]:
            shutil.rmtree(other, ignore_errors=True)


def forget_copy(folder: Path, cache: Path) -> None:
    """Delete an int8 copy that failed to load, so the next start makes it again."""
    if folder.parent == cache and folder.name.startswith("whisper-int8-"):
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    convert_folder(Path(sys.argv[1]), Path(sys.argv[2]))
