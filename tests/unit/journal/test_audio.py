"""Recordings of spoken answers: streamed to a private temporary WAV, kept with the answer's entry."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import numpy as np
import pytest

from voiceguide.audio.format import read_wav
from voiceguide.journal import SqliteJournal
from voiceguide.journal.audio import AnswerAudio, AnswerRecording, AnswerTarget, FinishedRecording
from voiceguide.journal.recorder import JournalRecorder, RecordingError


def chunk(value: int) -> bytes:
    return np.full(320, value, np.int16).tobytes()


class Collected:
    """What an AnswerAudio handed on: finished recordings and problem lines."""

    def __init__(self) -> None:
        self.finished: list[FinishedRecording] = []
        self.problems: list[str] = []

    def audio(self) -> AnswerAudio:
        return AnswerAudio(self.finished.append, self.problems.append)


def test_one_recording_spans_a_pause_and_ends_when_the_practice_moves_on(journal: SqliteJournal) -> None:
    folder = journal.data_dir / "audio"
    recorder = JournalRecorder(journal, "stop")
    got = Collected()
    audio = got.audio()
    for target, value in ((AnswerTarget(folder, recorder, "observe", True), 1),
                          (AnswerTarget(folder, recorder, "observe", False), 0),  # paused: nothing kept
                          (AnswerTarget(folder, recorder, "observe", True), 2)):
        audio.update(target)
        if target.hearing:
            audio.write(chunk(value))
    assert got.finished == []
    audio.update(AnswerTarget(folder, recorder, "proceed", False))  # the next step: the first is done
    [finished] = got.finished
    assert finished.step == "observe" and read_wav(finished.path).data == chunk(1) + chunk(2)
    assert stat.S_IMODE(finished.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    audio.update(AnswerTarget(folder, recorder, "proceed", True))
    audio.update(None)  # nothing was heard for "proceed": no recording at all
    assert len(got.finished) == 1 and got.problems == []
    assert [p.name for p in folder.iterdir()] == [finished.path.name]


def test_the_recording_goes_with_a_spoken_answer_only(journal: SqliteJournal, tmp_path: Path) -> None:
    folder = journal.data_dir / "audio"
    recorder = JournalRecorder(journal, "stop")
    recorder.answer("observe", "What do you notice?", "tight jaw", "spoken", 3.0)
    recorder.answer("proceed", "What next?", "a walk", "typed")

    def finished_wav(value: int) -> Path:
        recording = AnswerRecording(folder)
        recording.write(chunk(value))
        return recording.finish()

    unanswered, typed, spoken = finished_wav(1), finished_wav(2), finished_wav(3)
    recorder.recording("never-answered", unanswered)
    recorder.recording("proceed", typed)
    recorder.recording("observe", spoken)
    entries = {entry.step: entry for entry in journal.list_entries()}
    assert entries["observe"].audio == f"audio/entry-{entries['observe'].id}.wav"
    assert entries["proceed"].audio is None
    assert read_wav(journal.data_dir / entries["observe"].audio).data == chunk(3)
    assert sorted(p.name for p in folder.iterdir()) == [f"entry-{entries['observe'].id}.wav"]
    assert entries["observe"].text == "tight jaw"


def test_a_recording_the_journal_refuses_is_a_one_line_error_and_leaves_no_file(
        journal: SqliteJournal, monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = JournalRecorder(journal, "stop")
    recorder.answer("observe", "What do you notice?", "tight jaw", "spoken", 3.0)
    recording = AnswerRecording(journal.data_dir / "audio")
    recording.write(chunk(5))
    wav = recording.finish()

    def full(entry_id: int, path: Path) -> Path:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(journal, "attach_recording", full)
    with pytest.raises(RecordingError, match=r"^the recording of this answer could not be kept "
                                             r"\(No space left on device\); its words are saved$"):
        recorder.recording("observe", wav)
    assert not wav.exists() and journal.list_entries()[0].text == "tight jaw"


class FullDisk:
    """A file whose writes fail as on a full disk."""

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_disk_that_fills_up_mid_answer_stops_that_recording_with_one_line(journal: SqliteJournal) -> None:
    folder = journal.data_dir / "audio"
    recorder = JournalRecorder(journal, "stop")
    got = Collected()
    audio = got.audio()
    target = AnswerTarget(folder, recorder, "observe", True)
    audio.update(target)
    audio.write(chunk(1))
    recording = audio._recording
    assert recording is not None
    assert recording._wav is not None
    recording._wav._file = FullDisk()  # type: ignore[attr-defined]
    for value in range(2, 6):
        audio.update(target)
        audio.write(chunk(value))
    audio.close()
    assert got.problems == ["the recording of this answer could not be kept (No space left on device); "
                            "its words are saved"]
    assert got.finished == [] and list(folder.iterdir()) == []


def test_a_recording_stops_growing_at_its_limit(tmp_path: Path) -> None:
    recording = AnswerRecording(tmp_path / "audio", max_seconds=0.05)  # 800 samples
    for value in range(5):
        recording.write(chunk(value))
    assert read_wav(recording.finish()).data == chunk(0) + chunk(1) + chunk(2)[:320]


def test_temporary_recordings_a_killed_session_left_are_removed_a_day_later(data_dir: Path) -> None:
    folder = data_dir / "audio"
    folder.mkdir(parents=True)
    abandoned, live = folder / ".answer-old.wav.partial", folder / ".answer-new.wav.partial"
    for path in (abandoned, live):
        path.write_bytes(b"RIFF")
    two_days_ago = os.stat(live).st_mtime - 2 * 24 * 3600
    os.utime(abandoned, (two_days_ago, two_days_ago))
    with SqliteJournal(data_dir):
        pass
    assert not abandoned.exists() and live.exists()


def test_in_an_encrypted_journal_each_chunk_is_sealed_as_it_is_heard(tmp_path: Path) -> None:
    """No readable audio on disk at any moment: the file under way holds only sealed chunks, grows with
    each one, and the kept recording reads back (decrypted in memory) as what was heard."""
    from voiceguide.journal.keys import JournalKey
    from voiceguide.journal.sealed import is_sealed

    key = JournalKey.generate()
    with SqliteJournal(tmp_path / "data", key=key) as journal:
        folder = journal.audio_folder()
        recorder = JournalRecorder(journal, "stop")
        recorder.answer("observe", "What do you notice?", "tight jaw", "spoken", 3.0)
        got = Collected()
        audio = got.audio()
        target = AnswerTarget(folder, recorder, "observe", True, journal.recording_key())
        heard = b""
        sizes = []
        for value in range(1, 6):
            audio.update(target)
            audio.write(chunk(value * 1000))
            heard += chunk(value * 1000)
            [partial] = list(folder.iterdir())
            sizes.append(partial.stat().st_size)
            on_disk = partial.read_bytes()
            assert chunk(value * 1000) not in on_disk and is_sealed(partial)
        assert sizes == sorted(sizes) and len(set(sizes)) == len(sizes), sizes  # written as heard
        audio.update(None)
        [finished] = got.finished
        finished.keep()
        [entry] = journal.list_entries()
        assert entry.audio is not None
        kept = journal.data_dir / entry.audio
        assert is_sealed(kept) and heard not in kept.read_bytes()
        recording = journal.recording_audio(entry)
        assert recording is not None and recording[1] == heard
        assert [p.name for p in folder.iterdir()] == [kept.name]  # no plain copy left anywhere


def test_a_plain_wav_given_to_an_encrypted_journal_is_sealed_and_removed(tmp_path: Path) -> None:
    from voiceguide.journal.keys import JournalKey
    from voiceguide.journal.sealed import is_sealed

    with SqliteJournal(tmp_path / "data", key=JournalKey.generate()) as journal:
        entry_id = journal.add_typed("a note")
        plain = AnswerRecording(journal.audio_folder())  # no key: a plain WAV
        plain.write(chunk(7))
        wav = plain.finish()
        kept = journal.attach_recording(entry_id, wav)
        assert not wav.exists() and is_sealed(kept)
        recording = journal.recording_audio(journal.get(entry_id))
        assert recording is not None and recording[1] == chunk(7)
        assert [p.name for p in journal.audio_folder().iterdir()] == [kept.name]
