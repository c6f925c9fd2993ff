"""scripts/download_model.py against a local HTTP server: good, corrupted and cut-off archives."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import socket
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "download_model.py"
NAME = "vosk-model-test"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("download_model", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def model_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        bundle.writestr(f"{NAME}/am/final.mdl", b"acoustic model " * 4000)
        bundle.writestr(f"{NAME}/conf/mfcc.conf", b"--sample-frequency=16000\n")
        bundle.writestr(f"{NAME}/graph/HCLr.fst", b"fst" * 1000)
        bundle.writestr(f"{NAME}/graph/Gr.fst", b"fst" * 1000)
    return buffer.getvalue()


class Server:
    """Serves `files` by path; honours Range; `cut_after` bytes ends a response early (once)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.cut_after: int | None = None
        self.ranges: list[str | None] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                body = server.files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                wanted = self.headers.get("Range")
                server.ranges.append(wanted)
                start = int(wanted.split("=")[1].split("-")[0]) if wanted else 0
                self.send_response(206 if wanted else 200)
                if wanted:
                    self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
                self.send_header("Content-Length", str(len(body) - start))
                self.end_headers()
                payload = body[start:]
                if server.cut_after is not None:
                    payload, server.cut_after = payload[: server.cut_after], None
                    self.wfile.write(payload)
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.wfile.write(payload)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.close()


def run(script: ModuleType, server: Server, path: str, body: bytes, dest: Path) -> int:
    code: int = script.main(["--dest", str(dest), "--url", server.url + path, "--size", str(len(body)),
                             "--sha256", hashlib.sha256(body).hexdigest(), "--name", NAME, "--quiet",
                             "--timeout", "5"])
    return code


def test_good_archive_is_verified_and_unpacked(server: Server, tmp_path: Path) -> None:
    script, body = load_script(), model_zip()
    server.files["/good.zip"] = body
    assert run(script, server, "/good.zip", body, tmp_path) == 0
    assert (tmp_path / NAME / "am" / "final.mdl").read_bytes().startswith(b"acoustic model")
    assert sorted(p.name for p in tmp_path.iterdir()) == [NAME]  # no .part, no scratch folder left


def test_corrupted_archive_is_refused_and_deleted(server: Server, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    script, body = load_script(), model_zip()
    damaged = bytearray(body)
    damaged[len(damaged) // 2] ^= 0xFF
    server.files["/bad.zip"] = bytes(damaged)
    code = script.main(["--dest", str(tmp_path), "--url", server.url + "/bad.zip", "--size", str(len(body)),
                        "--sha256", hashlib.sha256(body).hexdigest(), "--name", NAME, "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert "corrupt" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / NAME).exists()
    assert not list(tmp_path.glob("*.part"))


def test_cut_off_download_resumes_with_a_range_request(server: Server, tmp_path: Path) -> None:
    script, body = load_script(), model_zip()
    server.files["/model.zip"] = body
    server.cut_after = len(body) // 2
    assert run(script, server, "/model.zip", body, tmp_path) == 1
    part = tmp_path / f"{NAME}.zip.part"
    assert part.stat().st_size == len(body) // 2
    assert run(script, server, "/model.zip", body, tmp_path) == 0
    assert server.ranges[-1] == f"bytes={len(body) // 2}-"
    assert (tmp_path / NAME / "graph" / "Gr.fst").exists()


def test_unreachable_server_fails_fast_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = load_script()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = script.main(["--dest", str(tmp_path), "--url", f"http://127.0.0.1:{port}/x.zip", "--quiet",
                        "--timeout", "2"])
    err = capsys.readouterr().err
    assert code == 1
    assert "offline" in err and len(err.strip().splitlines()) == 1


def test_pinned_values_are_the_published_archive() -> None:
    script = load_script()
    assert script.MODEL_URL == "https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip"
    assert script.MODEL_SIZE == 41_205_931
    assert len(script.MODEL_SHA256) == 64
