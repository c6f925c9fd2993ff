"""Encrypted JSON exports: sealed with the journal's key or a passphrase, imported into plain and encrypted
journals; wrong secrets, tampering and standard output refused; plaintext exports say they are plaintext."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from voiceguide import notices
from voiceguide.audio.format import AudioFormat, Pcm
from voiceguide.cli import main
from voiceguide.journal import SqliteJournal, Tag, sealed, sealed_export
from voiceguide.journal.export import PLAINTEXT_NOTICE, to_json
from voiceguide.journal.keys import JournalKey, KeyFile

WORDS = ("quillfeather", "marmalade storm", "zanzibarite")
PASSPHRASE = "correct horse battery staple"


def fill(data_dir: Path, key: JournalKey | None = None) -> dict[int, bytes]:
    """Runs, tagged entries and two recordings; {entry id: its PCM}."""
    now = [datetime(2026, 5, 4, 21, 15, tzinfo=UTC)]

    def clock() -> datetime:
        now[0] += timedelta(minutes=5)
        return now[0]

    pcm = {}
    with SqliteJournal(data_dir, clock=clock, key=key) as journal:
        run = journal.start_run("stop")
        journal.rate_run(run, before=8, after=4)
        spoken = journal.begin_entry(practice="stop", step="observe", prompt="What do you notice?",
                                     source="spoken", engine="pocketsphinx", run_id=run)
        journal.append_segment(spoken, f"my {WORDS[0]} hurts")
        journal.finish_entry(spoken, 3.5)
        journal.tag(spoken, add=[Tag("emotion", "fear"), Tag("trigger", WORDS[1])])
        typed = journal.add_typed(f"{WORDS[2]} again", tags=[Tag("tag", "night")])
        for entry_id, seconds in ((spoken, 0.5), (typed, 0.25)):
            samples = (np.sin(np.arange(int(16000 * seconds)) * (entry_id + 3) / 7) * 9000).astype(np.int16)
            journal.attach_audio(entry_id, Pcm(samples.tobytes(), AudioFormat(16000, 1, 2)))
            pcm[entry_id] = samples.tobytes()
    return pcm


def encrypted(data_dir: Path, key: JournalKey | None = None) -> JournalKey:
    """An empty encrypted journal in `data_dir` with a key file (no passphrase: it opens with the code)."""
    key = key or JournalKey.generate()
    SqliteJournal(data_dir, key=key).close()
    KeyFile.new(in_keyring=False).save(data_dir)
    return key


PLAIN_AFTER_SEALED = notices.journal_protection(False, False)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def assert_sealed_on_disk(export: Path, pcm: dict[int, bytes]) -> None:
    """The export and its recordings hold none of the words nor the PCM; 0600 files in a 0700 folder."""
    folder = sealed_export_folder(export)
    files = [export, *sorted(folder.iterdir())]
    assert [p.name for p in files[1:]] == ["entry-1.wav", "entry-2.wav"]
    assert mode(folder) == 0o700 and all(mode(p) == 0o600 for p in files)
    for path in files:
        data = path.read_bytes()
        assert not any(word.encode() in data for word in (*WORDS, "fear", "night", "observe"))
        assert not any(samples[:64] in data for samples in pcm.values())
    assert all(sealed.is_sealed(p) for p in files[1:])


def sealed_export_folder(export: Path) -> Path:
    return export.with_name(export.stem + ".audio")


def assert_same_journal(first: Path, first_key: JournalKey | None, second: Path,
                        second_key: JournalKey | None, pcm: dict[int, bytes]) -> None:
    with SqliteJournal(first, key=first_key) as a, SqliteJournal(second, key=second_key) as b:
        assert to_json(a) == to_json(b)
        for entry in b.list_entries():
            path = b.recording_path(entry)
            assert path is not None and (second_key is not None) == sealed.is_sealed(path)
            audio = b.recording_audio(entry)
            assert audio is not None and audio == (AudioFormat(16000, 1, 2), pcm[entry.id])


def assert_nothing_imported(data_dir: Path, key: JournalKey | None) -> None:
    with SqliteJournal(data_dir, key=key) as journal:
        assert journal.count() == 0
    assert not (data_dir / "audio").exists() or not any((data_dir / "audio").iterdir())


def test_journal_key_export_round_trips_into_plain_and_encrypted_journals(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "source"
    key = encrypted(source)
    pcm = fill(source, key)
    export = tmp_path / "journal.json"
    monkeypatch.setenv("VOICEGUIDE_PASSPHRASE", key.recovery_code())
    code, out, err = run(capsys, "journal", "export", "--format", "json", "--encrypt", "--out", str(export),
                         "--data-dir", str(source))
    assert (code, err) == (0, "")
    assert out == (f"Exported to {export}, encrypted: it opens with this journal's key (or its recovery "
                   "code).\n")
    assert export.read_bytes().startswith(sealed_export.MAGIC + b'{"cipher":"aes-256-gcm"')
    assert b'"key":"journal-key"' in export.read_bytes()
    assert_sealed_on_disk(export, pcm)

    same_key = tmp_path / "same-key"  # a journal with the same key opens it with nothing asked
    encrypted(same_key, key)
    code, out, err = run(capsys, "journal", "import", str(export), "--data-dir", str(same_key))
    assert (code, out, err) == (0, "Imported 2 entries, with 2 recordings.\n", "")
    assert_same_journal(source, key, same_key, key, pcm)

    other_key = encrypted(tmp_path / "other-key")  # another journal: the source's recovery code opens it
    plain = tmp_path / "plain"
    monkeypatch.setenv("VOICEGUIDE_EXPORT_PASSPHRASE", key.recovery_code())
    for target, target_key in ((tmp_path / "other-key", other_key), (plain, None)):
        if target_key is None:
            monkeypatch.delenv("VOICEGUIDE_PASSPHRASE")
        else:
            monkeypatch.setenv("VOICEGUIDE_PASSPHRASE", target_key.recovery_code())
        code, out, err = run(capsys, "journal", "import", str(export), "--data-dir", str(target))
        assert (code, out) == (0, "Imported 2 entries, with 2 recordings.\n")
        # into a plain journal, the entries of an encrypted export are readable: it says so, once
        assert err == ("" if target_key is not None else f"voiceguide: {PLAIN_AFTER_SEALED}\n"), err
        assert_same_journal(source, key, target, target_key, pcm)
    assert sorted(p.name for p in (plain / "audio").iterdir()) == ["entry-1.wav", "entry-2.wav"]


def test_passphrase_export_refuses_a_wrong_passphrase_and_round_trips_with_the_right_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "source"
    pcm = fill(source)  # a plain journal: only a passphrase can encrypt its export
    secret = tmp_path / "secret.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    export = tmp_path / "out" / "journal.json"
    export.parent.mkdir()
    code, out, err = run(capsys, "journal", "export", "--format", "json", "--encrypt", "--out", str(export),
                         "--export-passphrase-file", str(secret), "--data-dir", str(source))
    assert (code, out, err) == (0, f"Exported to {export}, encrypted: it opens with its passphrase.\n", "")
    assert b'"key":"passphrase"' in export.read_bytes()
    assert_sealed_on_disk(export, pcm)

    plain = tmp_path / "plain"
    monkeypatch.setenv("VOICEGUIDE_EXPORT_PASSPHRASE", "not the passphrase")
    code, out, err = run(capsys, "journal", "import", str(export), "--data-dir", str(plain))
    assert (code, out) == (5, "")
    assert err == f"voiceguide: wrong passphrase for the encrypted export {export}: nothing was imported\n"
    assert_nothing_imported(plain, None)

    monkeypatch.setenv("VOICEGUIDE_EXPORT_PASSPHRASE", PASSPHRASE)
    assert run(capsys, "journal", "import", str(export), "--data-dir", str(plain))[:3:2] == \
        (0, f"voiceguide: {PLAIN_AFTER_SEALED}\n")
    assert_same_journal(source, None, plain, None, pcm)

    monkeypatch.delenv("VOICEGUIDE_EXPORT_PASSPHRASE")
    target = tmp_path / "encrypted"
    target_key = encrypted(target)
    monkeypatch.setenv("VOICEGUIDE_PASSPHRASE", target_key.recovery_code())
    code, out, err = run(capsys, "journal", "import", str(export), "--export-passphrase-file", str(secret),
                         "--data-dir", str(target))
    assert (code, out, err) == (0, "Imported 2 entries, with 2 recordings.\n", "")
    assert_same_journal(source, None, target, target_key, pcm)


@pytest.fixture
def journal_key_export(tmp_path: Path) -> tuple[Path, JournalKey]:
    """An export sealed with its journal's key (written in-process), and that key."""
    from voiceguide.journal.export import export

    source = tmp_path / "source"
    key = JournalKey.generate()
    fill(source, key)
    out = tmp_path / "journal.json"
    with SqliteJournal(source, key=key) as journal:
        export(journal, "json", out, sealing=sealed_export.Sealing(key))
    return out, key


@pytest.mark.parametrize("code_of", ["another journal", "typo"])
def test_a_wrong_recovery_code_imports_nothing_in_one_line(
        code_of: str, tmp_path: Path, journal_key_export: tuple[Path, JournalKey],
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    export, key = journal_key_export
    wrong = JournalKey.generate().recovery_code()
    if code_of == "typo":
        right = key.recovery_code()
        wrong = right[:3] + ("A" if right[3] != "A" else "B") + right[4:]
    monkeypatch.setenv("VOICEGUIDE_EXPORT_PASSPHRASE", wrong)
    target = tmp_path / "target"
    code, out, err = run(capsys, "journal", "import", str(export), "--data-dir", str(target))
    assert (code, out) == (5, "") and err.startswith("voiceguide: ") and err.count("\n") == 1
    assert "nothing was imported" in err
    assert ("typo" if code_of == "typo" else "another journal") in err
    assert_nothing_imported(target, None)


def test_without_a_secret_an_export_of_another_journal_asks_for_its_recovery_code(
        tmp_path: Path, journal_key_export: tuple[Path, JournalKey],
        capsys: pytest.CaptureFixture[str]) -> None:
    export, _ = journal_key_export
    code, _, err = run(capsys, "journal", "import", str(export), "--data-dir", str(tmp_path / "target"))
    assert code == 2 and err.count("\n") == 1 and "give that journal's recovery code" in err


def tampered_body(data: bytes) -> bytes:
    spot = len(data) - 40
    return data[:spot] + bytes([data[spot] ^ 1]) + data[spot + 1:]


def tampered_header(data: bytes) -> bytes:
    start = data.index(b'"nonce_prefix":"') + len(b'"nonce_prefix":"')
    return data[:start] + (b"1" if data[start:start + 1] != b"1" else b"2") + data[start + 1:]


@pytest.mark.parametrize("tamper", [tampered_body, tampered_header, lambda data: data[:-30],
                                    lambda data: data + b"\x00"])
def test_a_tampered_export_is_refused(tamper: object, tmp_path: Path,
                                      journal_key_export: tuple[Path, JournalKey],
                                      capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    export, key = journal_key_export
    assert callable(tamper)
    export.write_bytes(tamper(export.read_bytes()))
    monkeypatch.setenv("VOICEGUIDE_EXPORT_PASSPHRASE", key.recovery_code())
    target = tmp_path / "target"
    code, out, err = run(capsys, "journal", "import", str(export), "--data-dir", str(target))
    assert (code, out) == (2, "")
    assert err == (f"voiceguide: {export} was changed or damaged after it was written (or the key is wrong); "
                   "nothing was imported\n")
    assert_nothing_imported(target, None)


def test_a_tampered_recording_is_refused_and_nothing_is_imported(
        tmp_path: Path, journal_key_export: tuple[Path, JournalKey], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    export, key = journal_key_export
    recording = sealed_export_folder(export) / "entry-2.wav"
    recording.write_bytes(tampered_body(recording.read_bytes()))
    monkeypatch.setenv("VOICEGUIDE_EXPORT_PASSPHRASE", key.recovery_code())
    target = tmp_path / "target"
    code, out, err = run(capsys, "journal", "import", str(export), "--data-dir", str(target))
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert "entry-2.wav cannot be read: wrong key or damaged file; nothing was imported" in err
    assert_nothing_imported(target, None)


def test_plaintext_exports_say_on_stderr_that_they_are_not_encrypted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "source"
    SqliteJournal(source).close()
    notice = f"voiceguide: {PLAINTEXT_NOTICE}\n"
    assert "--format json --encrypt" in PLAINTEXT_NOTICE and "not encrypted" in PLAINTEXT_NOTICE
    data = ("--data-dir", str(source))
    for args in (("--format", "json"), ("--format", "jrnl"),
                 ("--format", "json", "--out", str(tmp_path / "j.json")),
                 ("--format", "jrnl", "--out", str(tmp_path / "j.txt")),
                 ("--format", "md", "--out", str(tmp_path / "md"))):
        code, _, err = run(capsys, "journal", "export", *args, *data)
        assert (code, err) == (0, notice), args
    assert json.loads((tmp_path / "j.json").read_text(encoding="utf-8"))["entries"] == []


def test_an_encrypted_export_is_refused_where_it_cannot_be_made(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "source"
    SqliteJournal(source).close()
    data = ("--data-dir", str(source))
    code, out, err = run(capsys, "journal", "export", "--format", "json", "--encrypt", *data)
    assert (code, out) == (2, "")
    assert err == "voiceguide: an encrypted export is binary, not for standard output: give --out FILE\n"
    code, _, err = run(capsys, "journal", "export", "--format", "md", "--encrypt",
                       "--out", str(tmp_path / "md"), *data)
    assert code == 2 and err.count("\n") == 1 and "--encrypt works with --format json" in err
    out_file = tmp_path / "j.json"
    code, _, err = run(capsys, "journal", "export", "--format", "json", "--encrypt", "--out", str(out_file),
                       *data)
    assert code == 2 and err.count("\n") == 1 and "needs a passphrase" in err
    assert not out_file.exists() and not (tmp_path / "md").exists()


def test_an_encrypted_export_is_not_read_as_plain_json_without_a_key(
        journal_key_export: tuple[Path, JournalKey]) -> None:
    from voiceguide.errors import UsageError
    from voiceguide.journal.importer import read_document

    export, key = journal_key_export
    with pytest.raises(UsageError, match="is an encrypted export"):
        read_document(export)
    document, found = read_document(export, lambda header: key)
    assert found == key and [entry["id"] for entry in document["entries"]] == [1, 2]
