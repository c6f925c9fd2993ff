"""Prompts kept on disk between runs: reused by the same voice only, private, and never in speech's way."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import numpy as np
import pytest

from voiceguide.audio.format import AudioFormat, Pcm
from voiceguide.errors import EngineError
from voiceguide.speech.prompt_store import PromptStore
from voiceguide.speech.speaker import DeferredSpeaker, SpeechCache, VoiceChoice


class CountingSpeaker:
    """A stand-in voice with a disk identity; counts what it synthesizes."""

    def __init__(self, name: str = "neural", identity: str = "neural-v1") -> None:
        self.name = name
        self.cache_identity = identity
        self.spoken: list[str] = []

    def synthesize(self, text: str, choice: VoiceChoice) -> Pcm:
        self.spoken.append(text)
        samples = np.full(2205, 1000 + len(text), dtype="<i2")  # 0.1 s, different per text
        return Pcm(samples.tobytes(), AudioFormat(rate=22050))

    def close(self) -> None:
        pass


class PlainSpeaker(CountingSpeaker):
    """A voice without a disk identity (as espeak-ng through pyttsx3)."""

    def __init__(self) -> None:
        super().__init__("plain", "")
        del self.cache_identity


def test_a_second_run_finds_its_prompts_on_disk_and_synthesizes_nothing(tmp_path: Path) -> None:
    store = PromptStore(tmp_path / "prompts")
    first = CountingSpeaker()
    cache = SpeechCache(first, VoiceChoice(rate=140), store)
    spoken = cache.get("Breathe in.")
    assert first.spoken == ["Breathe in."]

    second = CountingSpeaker()
    again = SpeechCache(second, VoiceChoice(rate=140), store).get("Breathe in.")
    assert second.spoken == []
    assert again.data == spoken.data and again.fmt == spoken.fmt


@pytest.mark.parametrize("change", ["identity", "rate", "voice", "volume", "text"])
def test_anything_that_changes_the_sound_misses_the_disk(tmp_path: Path, change: str) -> None:
    store = PromptStore(tmp_path / "prompts")
    SpeechCache(CountingSpeaker(), VoiceChoice(rate=140), store).get("Breathe in.")
    speaker = CountingSpeaker(identity="neural-v2" if change == "identity" else "neural-v1")
    choice = {"rate": VoiceChoice(rate=160), "voice": VoiceChoice(voice="other", rate=140),
              "volume": VoiceChoice(rate=140, volume=0.5)}.get(change, VoiceChoice(rate=140))
    SpeechCache(speaker, choice, store).get("Breathe out." if change == "text" else "Breathe in.")
    assert len(speaker.spoken) == 1


def test_a_voice_without_an_identity_never_touches_the_disk(tmp_path: Path) -> None:
    store = PromptStore(tmp_path / "prompts")
    SpeechCache(PlainSpeaker(), VoiceChoice(), store).get("Breathe in.")
    assert not (tmp_path / "prompts").exists()


def test_the_files_are_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        store = PromptStore(tmp_path / "cache" / "prompts")
        SpeechCache(CountingSpeaker(), VoiceChoice(), store).get("My own words in a custom practice.")
    finally:
        os.umask(old)
    files = list((tmp_path / "cache" / "prompts").iterdir())
    assert len(files) == 1 and files[0].suffix == ".wav"
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "cache" / "prompts").stat().st_mode) == 0o700
    assert b"custom practice" not in files[0].name.encode()  # the text is hashed, not written as the name


def test_a_damaged_file_is_synthesized_again_and_replaced(tmp_path: Path) -> None:
    store = PromptStore(tmp_path / "prompts")
    SpeechCache(CountingSpeaker(), VoiceChoice(), store).get("Breathe in.")
    (damaged,) = (tmp_path / "prompts").iterdir()
    damaged.write_bytes(b"RIFF\x00\x00")
    speaker = CountingSpeaker()
    pcm = SpeechCache(speaker, VoiceChoice(), store).get("Breathe in.")
    assert speaker.spoken == ["Breathe in."] and pcm.duration == pytest.approx(0.1)
    assert store.load(("neural-v1", "Breathe in.", "", 150, 0.9)) is not None


def test_a_store_it_cannot_write_leaves_speech_working(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder would go")
    speaker = CountingSpeaker()
    cache = SpeechCache(speaker, VoiceChoice(), PromptStore(blocker / "prompts"))
    assert cache.get("Breathe in.").duration == pytest.approx(0.1)
    assert speaker.spoken == ["Breathe in."]


def test_a_deferred_voice_loads_only_for_what_the_disk_lacks(tmp_path: Path) -> None:
    store = PromptStore(tmp_path / "prompts")
    SpeechCache(CountingSpeaker(), VoiceChoice(), store).prepare(["One.", "Two."])
    loads: list[CountingSpeaker] = []

    def load() -> CountingSpeaker:
        loads.append(CountingSpeaker())
        return loads[-1]

    deferred = DeferredSpeaker("neural", "neural-v1", load)
    cache = SpeechCache(deferred, VoiceChoice(), store)
    cache.prepare(["One.", "Two."])
    assert loads == [] and not deferred.loaded
    cache.get("Three.")
    assert len(loads) == 1 and loads[0].spoken == ["Three."] and deferred.loaded


def test_a_deferred_voice_that_cannot_load_falls_back_and_is_not_stored_as_it(tmp_path: Path) -> None:
    def broken() -> CountingSpeaker:
        raise EngineError("the Piper voice x.onnx cannot be loaded: InvalidProtobuf")

    store = PromptStore(tmp_path / "prompts")
    deferred = DeferredSpeaker("neural", "neural-v1", broken, PlainSpeaker)
    pcm = SpeechCache(deferred, VoiceChoice(), store).get("Breathe in.")
    assert pcm.duration == pytest.approx(0.1)
    assert deferred.name == "plain" and "cannot be loaded" in deferred.problem
    assert not (tmp_path / "prompts").exists()

    strict = DeferredSpeaker("neural", "neural-v1", broken)
    with pytest.raises(EngineError, match="cannot be loaded"):
        SpeechCache(strict, VoiceChoice(), store).get("Breathe in.")


def test_a_truncated_file_counts_as_absent(tmp_path: Path) -> None:
    store = PromptStore(tmp_path / "prompts")
    SpeechCache(CountingSpeaker(), VoiceChoice(), store).get("Breathe in.")
    (stored,) = (tmp_path / "prompts").iterdir()
    stored.write_bytes(stored.read_bytes()[:-1])  # half a sample at the end
    speaker = CountingSpeaker()
    assert SpeechCache(speaker, VoiceChoice(), store).get("Breathe in.").duration == pytest.approx(0.1)
    assert speaker.spoken == ["Breathe in."]


def test_a_choice_naming_another_voice_file_is_not_kept_on_disk(tmp_path: Path) -> None:
    """The identity describes the configured voice file; another one named per choice is not fingerprinted."""
    store = PromptStore(tmp_path / "prompts")
    SpeechCache(CountingSpeaker(), VoiceChoice(voice="/voices/other.onnx"), store).get("Breathe in.")
    assert not (tmp_path / "prompts").exists()


def test_a_closed_deferred_voice_does_not_load_any_more() -> None:
    loads: list[CountingSpeaker] = []

    def load() -> CountingSpeaker:
        loads.append(CountingSpeaker())
        return loads[-1]

    deferred = DeferredSpeaker("neural", "neural-v1", load)
    deferred.close()
    with pytest.raises(EngineError, match="stopped"):
        deferred.synthesize("Breathe in.", VoiceChoice())
    assert loads == []


def test_the_store_stays_under_its_limit_dropping_the_prompts_used_longest_ago(tmp_path: Path) -> None:
    folder = tmp_path / "prompts"
    voice = CountingSpeaker()
    keys = [("neural-v1", f"Prompt {i}.", 150, 0.9) for i in range(6)]
    PromptStore(folder).save(keys[0], voice.synthesize("x", VoiceChoice()))
    size = PromptStore(folder).path_for(keys[0]).stat().st_size
    store = PromptStore(folder, max_bytes=5 * size)
    for i, key in enumerate(keys):
        store.save(key, voice.synthesize("x", VoiceChoice()))
        os.utime(store.path_for(key), (1_000_000 + i, 1_000_000 + i))
    assert store.load(keys[0]) is not None  # heard now: kept over prompts not heard for longer
    stale, fresh = folder / ".prompt-died.wav", folder / ".prompt-writing.wav"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    os.utime(stale, (1_000_000, 1_000_000))

    assert store.trim() == 3  # 6 prompts over a limit of 5: down to 4 (80 %), and the dead temporary
    assert [store.load(key) is not None for key in keys] == [True, False, False, True, True, True]
    assert not stale.exists() and fresh.exists()
    assert store.trim() == 0


def test_the_first_save_of_a_run_trims_the_store(tmp_path: Path) -> None:
    folder = tmp_path / "prompts"
    voice = CountingSpeaker()
    old = [("neural-v1", f"Old {i}.", 100 + i, 0.9) for i in range(3)]
    for key in old:
        PromptStore(folder).save(key, voice.synthesize("x", VoiceChoice()))
        path = PromptStore(folder).path_for(key)
        os.utime(path, (1_000_000, 1_000_000))
    size = path.stat().st_size
    store = PromptStore(folder, max_bytes=2 * size)
    new = ("neural-v1", "New.", 150, 0.9)
    store.save(new, voice.synthesize("x", VoiceChoice()))
    assert [p.name for p in folder.iterdir()] == [store.path_for(new).name]
