"""The headless front end with fakes: a microphone that vanishes mid-practice hands over to typed lines."""

from __future__ import annotations

import errno
import os
import queue
import stat
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import numpy as np
import pytest

from voiceguide.audio.format import read_wav
from voiceguide.config import Config
from voiceguide.errors import EngineError
from voiceguide.headless import DEVICE_LOST, SpokenSession
from voiceguide.journal import SqliteJournal
from voiceguide.journal.models import Entry
from voiceguide.journal.recorder import JournalRecorder
from voiceguide.journal.store import AUDIO_DIR
from voiceguide.practices.library import load_builtins
from voiceguide.practices.loader import parse_practice
from voiceguide.speech.recognizer import ListenMode, Transcript
from voiceguide.typed_lines import TypedInput
from voiceguide.voice.devices import Microphone

STOP = next(p for p in load_builtins() if p.id == "stop")


class VanishingSource:
    """Delivers a few chunks, then the device is gone (the stream stops) and the user starts typing."""

    def __init__(self, chunks: int, typing: list[str | None], lines: TypedInput) -> None:
        self.chunks = chunks
        self.typing = typing
        self.lines = lines
        self.stopped = False

    @property
    def active(self) -> bool:
        return self.chunks > 0

    def read(self, timeout: float) -> tuple[float, bytes] | None:
        if self.chunks <= 0:
            while self.typing:
                self.lines.put(self.typing.pop(0))
            return None
        self.chunks -= 1
        return 0.0, b"\x00\x00" * 320

    def stop(self) -> None:
        self.stopped = True


class SaysFive:
    """A recognizer that hears "five" in the first chunk it gets."""

    name = "says-five"

    def __init__(self) -> None:
        self.said = False

    def set_mode(self, mode: ListenMode) -> None:
        return None

    def accept(self, pcm: bytes) -> list[Transcript]:
        if self.said:
            return []
        self.said = True
        return [Transcript("five", final=True)]

    def flush(self) -> list[Transcript]:
        return []


def walk_stop(tmp_path: Path, mic: Microphone,
              lines: TypedInput) -> tuple[list[str], dict[str, Entry]]:
    """STOP walked to its end without a speaker: what it printed, and the journal entries by step."""
    out: list[str] = []
    with SqliteJournal(tmp_path / "data") as journal:
        recorder = JournalRecorder(journal, "stop")
        session = SpokenSession(STOP, Config(), None, mic, recorder, lines, out.append)
        assert session.run() == 0
        return out, {e.step: e for e in journal.list_entries()}


def test_a_vanished_microphone_ends_listening_with_one_line_and_typing_carries_on(tmp_path: Path) -> None:
    lines: TypedInput = queue.Queue()
    source = VanishingSource(3, ["next", "next", "no", "tight chest", "rest a while", "2", None], lines)
    mic = Microphone(cast(Any, source), SaysFive(), "fake")
    out, entries = walk_stop(tmp_path, mic, lines)
    assert out.count(f"voiceguide: {DEVICE_LOST}") == 1 and source.stopped
    assert "  heard: five" in out
    assert out[-1] == "The practice is finished.", out
    assert entries["observe"].text == "tight chest" and entries["observe"].source == "typed"
    assert (entries["proceed"].rating_before, entries["proceed"].rating_after) == (5, 2)


class FailsAfterFive(SaysFive):
    """Hears "five", then its process dies: every later call fails with one line; then the user types."""

    def __init__(self, typing: list[str | None], lines: TypedInput) -> None:
        super().__init__()
        self.typing = typing
        self.lines = lines

    def accept(self, pcm: bytes) -> list[Transcript]:
        if self.said:
            while self.typing:
                self.lines.put(self.typing.pop(0))
            raise EngineError("the speech recognizer stopped; restart voiceguide")
        return super().accept(pcm)

    def flush(self) -> list[Transcript]:
        raise EngineError("the speech recognizer stopped; restart voiceguide")


def test_a_failed_recognizer_hands_over_to_typing_with_one_line(tmp_path: Path) -> None:
    lines: TypedInput = queue.Queue()
    source = VanishingSource(1000, [], lines)
    typing: list[str | None] = ["next", "next", "no", "tight chest", "rest a while", "2", None]
    mic = Microphone(cast(Any, source), FailsAfterFive(typing, lines), "fake")
    out, entries = walk_stop(tmp_path, mic, lines)
    lost = [line for line in out if "recognizer stopped" in line]
    assert lost == ["voiceguide: the speech recognizer stopped; restart voiceguide; carry on by typing"]
    assert source.stopped and out[-1] == "The practice is finished.", out
    assert "  heard: five" in out and entries["observe"].text == "tight chest"


# ---- recordings of spoken answers ([journal] record_audio) -------------------------------------------

REFLECT = parse_practice("""
id = "reflect-test"
title = "Reflect"
summary = "One spoken answer, then a rating."
minutes = 1
category = "reflect"
source = "a test"

[[steps]]
id = "feel"
kind = "listen"
prompt = "What do you feel?"
field = "feel"

[[steps]]
id = "after"
kind = "rate"
prompt = "How strong is it now?"
which = "after"
""", "<test>")


class EndlessSource:
    """A microphone that never runs dry: chunk n is 320 samples of the value n."""

    active = True

    def __init__(self) -> None:
        self.count = 0

    def read(self, timeout: float) -> tuple[float, bytes] | None:
        self.count += 1
        return 0.0, np.full(320, self.count % 30000, np.int16).tobytes()

    def stop(self) -> None:
        return None


class ScriptedByMode:
    """Says the next scripted phrase of the current mode for each chunk (None: hears nothing in it), and
    keeps the audio it was fed while taking dictation."""

    name = "scripted"

    def __init__(self, script: dict[ListenMode, list[str | None]]) -> None:
        self.script = script
        self.mode = ListenMode.COMMANDS
        self.dictated = b""

    def set_mode(self, mode: ListenMode) -> None:
        self.mode = mode

    def accept(self, pcm: bytes) -> list[Transcript]:
        if self.mode is ListenMode.DICTATION:
            self.dictated += pcm
        phrases = self.script.get(self.mode, [])
        phrase = phrases.pop(0) if phrases else None
        return [Transcript(phrase, final=True)] if phrase else []

    def flush(self) -> list[Transcript]:
        return []


def spoken_answer(data_dir: Path, record_audio: bool,
                  journal_setup: Callable[[SqliteJournal], None] = lambda journal: None,
                  audio_dir: Path | None = None) -> tuple[list[str], ScriptedByMode, list[Entry]]:
    """Answer REFLECT by voice ("my jaw is tight ... i'm done", then "two"); what was printed, the
    recognizer and the entries kept."""
    recognizer = ScriptedByMode({ListenMode.DICTATION: ["my jaw is tight", None, None, "i'm done"],
                                 ListenMode.NUMBER: ["two"]})
    config = Config()
    config.journal.record_audio = record_audio
    out: list[str] = []
    with SqliteJournal(data_dir) as journal:
        journal_setup(journal)
        session = SpokenSession(REFLECT, config, None, Microphone(cast(Any, EndlessSource()), recognizer),
                                JournalRecorder(journal, REFLECT.id), None, out.append,
                                audio_dir or data_dir / AUDIO_DIR)
        assert session.run() == 0
        entries = journal.list_entries()
    return out, recognizer, entries


def test_with_record_audio_on_the_dictation_is_kept_as_a_private_wav_of_the_answer(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    out, recognizer, entries = spoken_answer(data_dir, record_audio=True)
    assert [(e.step, e.text, e.audio) for e in entries] == [("feel", "my jaw is tight", "audio/entry-1.wav")]
    wav = data_dir / "audio" / "entry-1.wav"
    assert read_wav(wav).data == recognizer.dictated and len(recognizer.dictated) == 4 * 640  # 4 chunks
    with wave.open(str(wav)) as header:
        assert (header.getframerate(), header.getnchannels(), header.getsampwidth()) == (16000, 1, 2)
    assert stat.S_IMODE(wav.stat().st_mode) == 0o600 and stat.S_IMODE(wav.parent.stat().st_mode) == 0o700
    assert sorted(p.name for p in wav.parent.iterdir()) == ["entry-1.wav"]  # no temporary file left
    assert not any("recording" in line for line in out), out


def test_with_record_audio_off_no_audio_file_is_ever_written(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _, recognizer, entries = spoken_answer(data_dir, record_audio=False)
    assert [(e.text, e.audio) for e in entries] == [("my jaw is tight", None)] and recognizer.dictated
    assert not (data_dir / "audio").exists()
    assert not [p for p in tmp_path.rglob("*") if p.suffix in {".wav", ".partial"}]


def test_a_recording_that_cannot_be_attached_costs_one_line_never_the_words(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"

    def disk_full(journal: SqliteJournal) -> None:
        def refuse(entry_id: int, wav: Path) -> Path:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        journal.attach_recording = refuse  # type: ignore[method-assign]

    out, _, entries = spoken_answer(data_dir, record_audio=True, journal_setup=disk_full)
    assert [(e.text, e.audio, e.rating_after) for e in entries] == [("my jaw is tight", None, 2)]
    lost = [line for line in out if "recording" in line]
    assert lost == ["voiceguide: the recording of this answer could not be kept (No space left on device); "
                    "its words are saved"]
    assert list((data_dir / "audio").iterdir()) == []  # the temporary recording did not stay behind
    assert out[-1] == "The practice is finished."


def test_an_audio_folder_that_cannot_be_made_costs_one_line_never_the_words(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_bytes(b"")
    out, _, entries = spoken_answer(tmp_path / "data", record_audio=True, audio_dir=blocked)
    assert [(e.text, e.audio) for e in entries] == [("my jaw is tight", None)]
    assert [line for line in out if "recording" in line] == [
        "voiceguide: the recording of this answer could not be kept (Not a directory); its words are saved"]
    assert out[-1] == "The practice is finished."


class InterruptedMidAnswer(ScriptedByMode):
    """Ctrl-C arrives while the answer is being taken, after its scripted phrases."""

    def accept(self, pcm: bytes) -> list[Transcript]:
        heard = super().accept(pcm)
        if self.mode is ListenMode.DICTATION and not self.script[ListenMode.DICTATION]:
            raise KeyboardInterrupt
        return heard


def test_ctrl_c_in_the_middle_of_an_answer_keeps_its_words_and_its_recording(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    recognizer = InterruptedMidAnswer({ListenMode.DICTATION: ["my jaw is tight", None, None]})
    config = Config()
    config.journal.record_audio = True
    with SqliteJournal(data_dir) as journal:
        session = SpokenSession(REFLECT, config, None, Microphone(cast(Any, EndlessSource()), recognizer),
                                JournalRecorder(journal, REFLECT.id), None, lambda line: None,
                                data_dir / AUDIO_DIR)
        with pytest.raises(KeyboardInterrupt):
            session.run()
        (entry,) = journal.list_entries()
    assert (entry.text, entry.audio) == ("my jaw is tight", "audio/entry-1.wav")
    assert read_wav(data_dir / "audio" / "entry-1.wav").data == recognizer.dictated
    assert len(recognizer.dictated) == 3 * 640
