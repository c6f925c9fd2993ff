"""The encrypted journal, for real: a SQLCipher file, a real keyring daemon, separate `voiceguide` processes.

Each test writes distinctive made-up words (no real word, so a hit is never a coincidence) and then scans
every file the journal, its cache and its temporary folder hold for them, as bytes in UTF-8 and UTF-16
(either byte order) and in lower, upper and title case, and for windows of the recording's PCM. Only the
exports are left out: a JSON export and the WAVs in FILE.audio/ are plaintext by design (the person asked
for a readable copy; an encrypted export, `journal export --format json --encrypt`, is scanned the same
way in tests/unit/journal/test_sealed_export.py); the scan is shown to find the words there, so it is
known to work. Encrypted files (the database, its WAL, each sealed recording) must also
look random: zlib at level 9 cannot shrink them by even 1%.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import wave
import zlib
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pytest

from tests.keyring_daemon import SecretService
from voiceguide.audio.format import AudioFormat, Pcm
from voiceguide.journal import connection, keychain
from voiceguide.journal.keys import JournalKey, KeyFile
from voiceguide.journal.opening import open_journal
from voiceguide.journal.store import SqliteJournal
from voiceguide.journal.unlock import unlocking_from

PASSPHRASE = "a long walk by the river"
TYPED_WORDS = ("quokkaburrow", "marzipanthunder")
SPOKEN_WORDS = ("thornwhistle", "glimmerfenwick")
TAG_WORD = "vexillumgate"
DELETED_WORD = "octarinesludge"
WORDS = (*TYPED_WORDS, *SPOKEN_WORDS, TAG_WORD, DELETED_WORD)
STEM = 8  # the full-text index may keep a stemmed token: its first letters are searched for too
RANDOM_ENOUGH = 0.99  # zlib level 9 may not shrink an encrypted file below this share of its size
NO_SOUND = {"PULSE_SERVER": "unix:/nonexistent/pulse"}
EXIT_JOURNAL = 5


# ---- helpers ---------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def own_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test's own cache and temporary folders (for voiceguide and SQLite), so the scan covers them."""
    for name, variables in (("cache", ("VOICEGUIDE_CACHE_DIR",)), ("tmp", ("TMPDIR", "SQLITE_TMPDIR"))):
        folder = tmp_path / name
        folder.mkdir(mode=0o700)
        for variable in variables:
            monkeypatch.setenv(variable, str(folder))


def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def voiceguide(*args: str, stdin: str = "", drop: Iterable[str] = (),
               **extra: str) -> subprocess.CompletedProcess[str]:
    """`python -m voiceguide ARGS` in a new process with this test's environment (minus `drop`)."""
    env = {name: value for name, value in os.environ.items() if name not in drop} | NO_SOUND | extra
    return subprocess.run([sys.executable, "-m", "voiceguide", *args], env=env, input=stdin,
                          capture_output=True, text=True, timeout=60, check=False)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def speech_like_pcm(seconds: float = 1.5, rate: int = 16000) -> Pcm:
    """Deterministic PCM with the shape of a voice (a wavering tone in noise), 16-bit mono."""
    t = np.arange(int(seconds * rate)) / rate
    rng = np.random.default_rng(11)
    pitch = 180 + 40 * np.sin(2 * np.pi * 3 * t)
    wave_form = 4000 * np.sin(2 * np.pi * pitch * t) + rng.normal(0, 600, t.size)
    return Pcm(np.clip(wave_form, -32768, 32767).astype("<i2").tobytes(), AudioFormat(rate=rate))


def forms(word: str) -> set[bytes]:
    stem = word[:STEM]
    return {text.encode(codec) for text in (stem, stem.upper(), stem.title())
            for codec in ("utf-8", "utf-16-le", "utf-16-be")}


def pcm_windows(pcm: bytes, width: int = 32, count: int = 16) -> list[bytes]:
    step = (len(pcm) - width) // count
    return [pcm[i * step:i * step + width] for i in range(count)]


def leaks(path: Path, words: Iterable[str], pcm: bytes = b"") -> list[str]:
    """What of the words (and of the PCM) is in the file, as plain bytes."""
    data = path.read_bytes()
    found = [word for word in words if any(form in data for form in forms(word))]
    if pcm and any(window in data for window in pcm_windows(pcm)):
        found.append("PCM")
    return found


def scan(root: Path, words: Iterable[str], pcm: bytes = b"", *, excluded: Iterable[Path] = ()) -> list[Path]:
    """Assert no file under `root` (hidden ones included) but the `excluded` holds the words or the PCM;
    returns the files scanned."""
    skip = {path.resolve() for path in excluded}
    scanned, found = [], {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.resolve() not in skip:
            scanned.append(path)
            if hits := leaks(path, words, pcm):
                found[str(path.relative_to(root))] = hits
    assert not found, f"plaintext left in files: {found}"
    return scanned


def assert_random(path: Path) -> None:
    data = path.read_bytes()
    assert len(data) > 0, f"{path} is empty"
    packed = len(zlib.compress(data, 9))
    assert packed >= RANDOM_ENOUGH * len(data), \
        f"{path.name} compresses to {packed / len(data):.3f} of its size"


def state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def one_line_refusal(result: subprocess.CompletedProcess[str], *, naming: str = "") -> str:
    """Exit code 5, one line on stderr, no traceback, and the journal never called damaged."""
    lines = result.stderr.strip().splitlines()
    assert result.returncode == EXIT_JOURNAL, (result.returncode, result.stderr)
    assert len(lines) == 1 and lines[0].startswith("voiceguide: "), result.stderr
    assert "Traceback" not in result.stderr
    assert "damaged" not in lines[0] and "move it aside" not in lines[0], lines[0]
    assert naming in lines[0], lines[0]
    return lines[0]


# ---- the round trip, shared by the keyring and the passphrase -----------------------------------------

def round_trip(tmp_path: Path, unlock_args: list[str], drop: tuple[str, ...]) -> None:
    """Typed, spoken, tagged, recorded, searched, counted, exported and deleted across processes, then every
    file scanned. `unlock_args`/`drop` make the later processes unlock another way than the first did."""
    folder = data_dir(tmp_path)
    typed = f"my hands feel like a {TYPED_WORDS[0]} and a {TYPED_WORDS[1]}"
    assert ok(voiceguide("journal", "add", typed, "--tag", "emotion:fear", "--tag", f"trigger:{TAG_WORD}")) \
        == "Saved entry 1.\n"
    database = connection.db_path(folder)
    assert connection.is_encrypted(database) and KeyFile.path(folder).is_file()

    pcm = speech_like_pcm()
    unlocking = unlocking_from(passphrase_file=unlock_args[1] if unlock_args else None)
    with open_journal(folder, unlocking) as journal:
        assert journal.key is not None
        spoken = journal.begin_entry(practice="stop", step="observe", prompt="What do you notice?",
                                     source="spoken", engine="pocketsphinx")
        journal.append_segment(spoken, f"there is a {SPOKEN_WORDS[0]} in my chest", duration=2.0)
        journal.append_segment(spoken, f"and a {SPOKEN_WORDS[1]} behind my eyes", duration=4.0)
        journal.finish_entry(spoken, duration=4.5)
        sealed_file = journal.attach_audio(spoken, pcm)
        doomed = journal.add_typed(f"something to forget: {DELETED_WORD}")
    assert (spoken, doomed) == (2, 3)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return voiceguide(*args, *unlock_args, drop=drop)

    def found(word: str) -> list[int]:
        return [hit["entry"]["id"] for hit in json.loads(ok(run("journal", "search", word, "--json")))]

    assert (found(TYPED_WORDS[1]), found(SPOKEN_WORDS[1]), found(DELETED_WORD)) == ([1], [2], [3])
    shown = ok(run("journal", "show", "2"))
    assert "(encrypted, 1.5 s)" in shown and f"{SPOKEN_WORDS[0]} in my chest and a {SPOKEN_WORDS[1]}" in shown
    assert ok(run("journal", "delete", "3", "--yes")) == "Deleted entry 3.\n"
    assert ok(run("journal", "search", DELETED_WORD)) == "Nothing found.\n"
    stats = json.loads(ok(run("journal", "stats", "--json")))
    assert stats["entries"] == 2
    assert {"name": "fear", "count": 1} in stats["top_emotions"]
    assert {"name": TAG_WORD, "count": 1} in stats["top_triggers"]
    listed = {entry["id"]: entry for entry in json.loads(ok(run("journal", "list", "--json")))}
    assert listed[1]["text"] == typed and listed[2]["audio"] == "audio/entry-2.wav"

    export_json = tmp_path / "export" / "journal.json"
    export_json.parent.mkdir()
    ok(run("journal", "export", "--format", "json", "--out", str(export_json)))
    exported_wav = export_json.with_name("journal.audio") / "entry-2.wav"
    with wave.open(str(exported_wav), "rb") as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (16000, 1, 2)
        assert wav.readframes(wav.getnframes()) == pcm.data
    assert sorted(p.name for p in export_json.parent.rglob("*")) == ["entry-2.wav", "journal.audio",
                                                                    "journal.json"]  # no temporary left
    # The scan finds what is there: the plaintext export holds the words and the PCM ...
    assert set(leaks(export_json, WORDS[:-1])) == set(WORDS[:-1])
    assert leaks(exported_wav, (), pcm.data) == ["PCM"]
    assert DELETED_WORD not in export_json.read_text()
    # ... and nothing else does (the database, WAL/SHM if any, journal.keys, audio/, cache, temp, config).
    scanned = scan(tmp_path, WORDS, pcm.data, excluded=(export_json, exported_wav))
    assert {database, KeyFile.path(folder), sealed_file} <= set(scanned)
    assert sorted(p.name for p in (folder / "audio").iterdir()) == ["entry-2.wav"]
    for encrypted in (database, sealed_file):
        assert_random(encrypted)


def test_keyring_journal_round_trips_across_processes_and_leaves_no_plaintext(
        tmp_path: Path, keyring_env: SecretService) -> None:
    round_trip(tmp_path, [], ())
    key_file = KeyFile.load(data_dir(tmp_path))
    assert key_file is not None and key_file.in_keyring and key_file.passphrase is None
    assert keychain.load_key(key_file.journal_id) is not None


def test_passphrase_journal_round_trips_with_the_variable_then_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Made with VOICEGUIDE_PASSPHRASE; read and changed afterwards with --passphrase-file alone."""
    secret = tmp_path / "secret"
    secret.write_text(PASSPHRASE + "\n")
    monkeypatch.setenv("VOICEGUIDE_PASSPHRASE", PASSPHRASE)
    round_trip(tmp_path, ["--passphrase-file", str(secret)], ("VOICEGUIDE_PASSPHRASE",))
    key_file = KeyFile.load(data_dir(tmp_path))
    assert key_file is not None and not key_file.in_keyring and key_file.passphrase is not None


# ---- a wrong or missing key ------------------------------------------------------------------------

def test_a_wrong_key_is_refused_in_one_line_and_changes_no_byte(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = data_dir(tmp_path)
    monkeypatch.setenv("VOICEGUIDE_PASSPHRASE", PASSPHRASE)
    writer = open_journal(folder)
    try:
        for index in range(40):  # committed to the WAL, not yet checkpointed into the database
            entry = writer.add_typed(f"entry {index}: {TYPED_WORDS[0]} " * 20)
        database, key_path = connection.db_path(folder), KeyFile.path(folder)
        wal = database.with_name(database.name + "-wal")
        assert wal.stat().st_size > 40 * 4096, "the WAL should hold the uncheckpointed pages"
        for encrypted in (database, wal):
            assert_random(encrypted)
        scan(folder, TYPED_WORDS)
        before = {path: state(path) for path in (database, wal, key_path)}

        wrong_file = tmp_path / "wrong"
        wrong_file.write_text("not the passphrase\n")
        other_code = JournalKey.generate().recovery_code()  # a well-formed code of another journal
        refusals = {
            "variable": voiceguide("journal", "list", VOICEGUIDE_PASSPHRASE="not the passphrase"),
            "file": voiceguide("journal", "list", "--passphrase-file", str(wrong_file),
                               drop=("VOICEGUIDE_PASSPHRASE",)),
            "file wins": voiceguide("journal", "show", str(entry), "--passphrase-file", str(wrong_file)),
            "other code": voiceguide("journal", "list", VOICEGUIDE_PASSPHRASE=other_code),
            "none": voiceguide("journal", "list", drop=("VOICEGUIDE_PASSPHRASE",)),
            "writing": voiceguide("journal", "add", "x", VOICEGUIDE_PASSPHRASE="not the passphrase"),
        }
        lines = {name: one_line_refusal(result) for name, result in refusals.items()}
        assert "wrong passphrase" in lines["variable"] and "VOICEGUIDE_PASSPHRASE" in lines["variable"]
        assert "wrong passphrase" in lines["file"] and f"--passphrase-file {wrong_file}" in lines["file"]
        assert "--passphrase-file" in lines["file wins"]
        assert "does not open" in lines["other code"] and "unchanged" in lines["other code"]
        assert "passphrase" in lines["none"] and "recovery code" in lines["none"]
        after = {path: state(path) for path in (database, wal, key_path)}
        for path in before:
            assert after[path] == before[path], f"{path.name} changed"
    finally:
        writer.close()
    listed = json.loads(ok(voiceguide("journal", "list", "--json")))  # the right one still opens it
    assert len(listed) == 40


def test_a_lost_keyring_entry_asks_for_the_recovery_code_which_puts_the_key_back(
        tmp_path: Path, keyring_env: SecretService) -> None:
    folder = data_dir(tmp_path)
    ok(voiceguide("journal", "add", f"kept behind the {TYPED_WORDS[0]}"))
    key_file = KeyFile.load(folder)
    assert key_file is not None and key_file.in_keyring
    stored = keychain.load_key(key_file.journal_id)
    assert stored is not None
    code = JournalKey(stored).recovery_code()
    keychain.delete_key(key_file.journal_id)
    database = connection.db_path(folder)
    before = state(database), state(KeyFile.path(folder))

    line = one_line_refusal(voiceguide("journal", "list"), naming="recovery code")
    assert "keyring no longer has this journal's key" in line
    assert (state(database), state(KeyFile.path(folder))) == before
    assert keychain.load_key(key_file.journal_id) is None  # a failed start puts nothing in the keyring

    listed = json.loads(ok(voiceguide("journal", "list", "--json", VOICEGUIDE_PASSPHRASE=code.lower())))
    assert [entry["text"] for entry in listed] == [f"kept behind the {TYPED_WORDS[0]}"]
    assert keychain.load_key(key_file.journal_id) == stored  # back in the keyring ...
    assert len(json.loads(ok(voiceguide("journal", "list", "--json")))) == 1  # ... so nothing is needed


# ---- doctor ----------------------------------------------------------------------------------------

def encryption_check(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    checks = json.loads(result.stdout)["checks"]
    found: dict[str, object] = next(check for check in checks if check["name"] == "journal encryption")
    return found


def test_doctor_says_whether_the_encrypted_journal_unlocks_now(
        tmp_path: Path, keyring_env: SecretService) -> None:
    ok(voiceguide("journal", "add", "an entry"))
    with_keyring = encryption_check(voiceguide("doctor", "--json"))
    assert with_keyring["ok"] is True and with_keyring["needed"] is True
    assert with_keyring["detail"] == "encrypted (key in the desktop keyring); unlocks now"
    without = encryption_check(voiceguide("doctor", "--json", drop=("DBUS_SESSION_BUS_ADDRESS",)))
    assert without["ok"] is False and without["needed"] is True
    assert str(without["detail"]).startswith("encrypted (key in the desktop keyring); cannot be unlocked now")
    assert "damaged" not in str(without["detail"])


# ---- a whole practice, typed, on an encrypted journal -------------------------------------------------

def test_headless_practice_keeps_typed_answers_encrypted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`run stop --no-tui` answered step by step (each line once its step is shown, so no step waits)."""
    monkeypatch.setenv("VOICEGUIDE_PASSPHRASE", PASSPHRASE)
    observe, proceed = f"my chest is a {TYPED_WORDS[0]}", f"call my {TYPED_WORDS[1]}"
    answers = {1: "5", 2: "next", 3: "next", 4: "next", 5: "no", 6: observe, 7: proceed, 8: "3", 9: "next"}
    env = os.environ | NO_SOUND
    process = subprocess.Popen([sys.executable, "-m", "voiceguide", "run", "stop", "--no-tui"], env=env,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    assert process.stdin is not None and process.stdout is not None
    shown = []
    try:
        for line in process.stdout:
            shown.append(line)
            for step, answer in answers.items():
                if line.startswith(f"[{step}/9]"):
                    process.stdin.write(answer + "\n")
                    process.stdin.flush()
            if line.startswith("[9/9]"):
                process.stdin.close()
        assert process.stderr is not None
        err = process.stderr.read()
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert shown[-1] == "The practice is finished.\n"
    with open_journal(data_dir(tmp_path)) as journal:
        assert journal.key is not None
        kept = {entry.step: entry for entry in journal.list_entries()}
    assert kept["observe"].text == observe and kept["proceed"].text == proceed
    assert (kept["observe"].rating_before, kept["observe"].rating_after) == (5, 3)
    database = connection.db_path(data_dir(tmp_path))
    assert connection.is_encrypted(database)
    assert database in scan(tmp_path, TYPED_WORDS)
    assert_random(database)


def test_the_scan_and_randomness_checks_catch_a_plain_journal(tmp_path: Path) -> None:
    """The checks above can fail: on a plain journal they find the words and the structure."""
    folder = data_dir(tmp_path)
    with SqliteJournal(folder) as journal:
        journal.add_typed(f"plain {TYPED_WORDS[0]}")
        journal.checkpoint()
    with pytest.raises(AssertionError, match="plaintext left"):
        scan(tmp_path, TYPED_WORDS)
    with pytest.raises(AssertionError, match="compresses to"):
        assert_random(connection.db_path(folder))
