"""Downloads the Vosk small English model into models/: pinned URL, size and SHA-256, resumable, atomic.

The only part of voiceguide that opens a network connection. Offline it says so in one line and exits 1;
the app then listens with pocketsphinx.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import os
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

MODEL_NAME = "vosk-model-small-en-us-0.15"
MODEL_URL = f"https://alphacephei.com/vosk/models/{MODEL_NAME}.zip"
MODEL_SIZE = 41_205_931
# alphacephei publishes no digest; this is the value many independent projects pin for this archive.
MODEL_SHA256 = "30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498"
MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
CHUNK = 1 << 16


class DownloadError(Exception):
    """A one-line reason the model could not be installed."""


def progress(done: int, total: int, started: float, out: object = sys.stderr) -> None:
    """A one-line progress bar, redrawn in place."""
    width = 30
    share = min(1.0, done / total) if total else 0.0
    rate = done / max(1e-6, time.monotonic() - started) / 1e6
    bar = "#" * int(share * width)
    print(f"\r  [{bar:<{width}}] {share:6.1%} {done / 1e6:6.1f}/{total / 1e6:.1f} MB {rate:5.1f} MB/s",
          end="", file=out, flush=True)  # type: ignore[call-overload]


def fetch(url: str, part: Path, size: int, timeout: float, quiet: bool = False) -> None:
    """Download `url` into `part`, continuing where an earlier attempt stopped (HTTP Range)."""
    have = part.stat().st_size if part.exists() else 0
    if have > size:
        part.unlink()
        have = 0
    if have == size:
        return
    request = urllib.request.Request(url, headers={"Range": f"bytes={have}-"} if have else {})
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:
            part.unlink()
            raise DownloadError("the partial download did not match the server's file; run again") from None
        raise DownloadError(f"the server answered {exc.code} {exc.reason} for {url}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DownloadError(f"cannot reach {url.split('/')[2]} ({reason}); are you offline?") from None
    with response:
        if have and response.status != 206:
            have = 0  # the server ignored Range: start over
        started = time.monotonic()
        with part.open("ab" if have else "wb") as handle:
            done = have
            try:
                while True:
                    block = response.read(CHUNK)
                    if not block:
                        break
                    handle.write(block)
                    done += len(block)
                    if not quiet:
                        progress(done, size, started)
            except (TimeoutError, OSError, http.client.HTTPException) as exc:
                raise DownloadError(f"the download stopped at {done} of {size} bytes ({exc}); "
                                    "run again to resume") from None
            finally:
                if not quiet:
                    print(file=sys.stderr)


def verify(part: Path, size: int, sha256: str) -> None:
    """Check the archive's size and SHA-256; a bad archive is deleted so the next run starts clean."""
    actual = part.stat().st_size
    if actual != size:
        if actual > size:
            part.unlink()
        raise DownloadError(f"the download has {actual} bytes, expected {size}; run again to resume")
    digest = hashlib.sha256()
    with part.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != sha256:
        part.unlink()
        raise DownloadError(f"the download is corrupt (SHA-256 {digest.hexdigest()[:16]}..., "
                            f"expected {sha256[:16]}...); it was deleted, run again")


def unpack(archive: Path, dest_root: Path, name: str) -> Path:
    """Unpack into a scratch folder beside the target, check it, then rename it into place."""
    target = dest_root / name
    scratch = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=dest_root))
    try:
        with zipfile.ZipFile(archive) as bundle:
            for member in bundle.namelist():
                resolved = (scratch / member).resolve()
                if not resolved.is_relative_to(scratch.resolve()):
                    raise DownloadError(f"the archive holds an unsafe path: {member}")
            bundle.extractall(scratch)
        inner = scratch / name if (scratch / name).is_dir() else scratch
        if not (inner / "am" / "final.mdl").exists():
            raise DownloadError("the archive does not hold a Vosk model (no am/final.mdl)")
        if target.exists():
            shutil.rmtree(target)
        os.replace(inner, target)
    except zipfile.BadZipFile:
        raise DownloadError("the archive is not a valid zip file") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


def install(url: str, size: int, sha256: str, dest_root: Path, name: str, timeout: float,
            quiet: bool = False) -> Path:
    """Download (resuming), verify, unpack; returns the model folder."""
    dest_root.mkdir(parents=True, exist_ok=True)
    target = dest_root / name
    if (target / "am" / "final.mdl").exists():
        return target
    part = dest_root / f"{name}.zip.part"
    fetch(url, part, size, timeout, quiet)
    verify(part, size, sha256)
    model = unpack(part, dest_root, name)
    part.unlink()
    return model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    default_dest = Path(os.environ.get("VOICEGUIDE_MODELS_DIR", MODELS_DIR))
    parser.add_argument("--dest", type=Path, default=default_dest,
                        help="folder that receives the model (default: models/)")
    parser.add_argument("--url", default=MODEL_URL, help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, default=MODEL_SIZE, help=argparse.SUPPRESS)
    parser.add_argument("--sha256", default=MODEL_SHA256, help=argparse.SUPPRESS)
    parser.add_argument("--name", default=MODEL_NAME, help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for the server")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    try:
        model = install(args.url, args.size, args.sha256, args.dest, args.name, args.timeout, args.quiet)
    except DownloadError as exc:
        print(f"download_model: {exc}; voiceguide will listen with pocketsphinx", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ndownload_model: interrupted; run again to resume", file=sys.stderr)
        return 130
    print(f"the Vosk model is ready in {model}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
