"""Neural engine figures: Whisper accuracy, speed, memory and latency; Piper synthesis time; voice clarity.

Dictation goes through the virtual microphone (a private PulseAudio), as in the tests. Piper is timed on
every fixed text of each built-in practice, as the synthesis cache prepares them before it starts.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from benchmarks.figure import Figure
from tests.conftest import SPEECH
from tests.neural_support import dictate_through_microphone, dictation_clips, with_pauses
from tests.virtual_audio import start_virtual_audio
from voiceguide.errors import VoiceguideError
from voiceguide.practices.library import load_builtins, stop_prompts
from voiceguide.speech.neural import open_piper, open_whisper
from voiceguide.speech.scoring import word_error_rate
from voiceguide.speech.speaker import Pyttsx3Speaker, Speaker, VoiceChoice
from voiceguide.speech.whisper_engine import WhisperTranscriber

REFLECTION_SECONDS = 5.0
LATENCY_RUNS = 3


def rss_mb() -> float:
    """This process's resident memory in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def whisper_figures(whisper: WhisperTranscriber, load_seconds: float, extra_mb: float) -> list[Figure]:
    clips = dictation_clips(SPEECH)
    spent = audio = 0.0
    for clip in clips:
        samples = clip.samples()
        started = time.perf_counter()
        whisper.transcribe(samples.tobytes())
        spent += time.perf_counter() - started
        audio += samples.size / 16000
    rtf = spent / audio
    return [
        Figure("Whisper tiny.en load time", load_seconds * 1000, "ms"),
        Figure("Whisper real-time factor (LibriVox + cards clips)", rtf, "x", "<= 0.3", rtf <= 0.3),
        Figure("Whisper extra memory (loaded, after a transcription)", extra_mb, "MB"),
    ]


def dictation_figures(whisper: WhisperTranscriber, virtual_audio: object) -> list[Figure]:
    clips = dictation_clips(SPEECH)
    reference = " ".join(clip.transcript for clip in clips)
    result = dictate_through_microphone(virtual_audio, whisper, with_pauses(clips))
    draft = word_error_rate([reference], [result.draft_text])
    accurate = word_error_rate([reference], [result.accurate_text])
    reflection = min(clips, key=lambda clip: abs(clip.samples().size / 16000 - REFLECTION_SECONDS))
    seconds = reflection.samples().size / 16000
    delays = []
    for _ in range(LATENCY_RUNS):
        run = dictate_through_microphone(virtual_audio, whisper, reflection.samples(), settle_seconds=3.0)
        if run.revised_at:
            delays.append(max(run.revised_at) - run.speech_ended_at)
    delay = statistics.median(delays) if delays else float("nan")
    return [
        Figure(f"dictation WER through the microphone, pocketsphinx draft ({len(clips)} clips)",
               draft * 100, "%"),
        Figure("dictation WER through the microphone, Whisper second pass", accurate * 100, "%", "<= 12 %",
               accurate <= 0.12),
        Figure(f"end of speech to accurate text, {seconds:.1f} s reflection, median of {len(delays)}",
               delay * 1000, "ms", "< 1500 ms", delay < 1.5),
    ]


def piper_figures(piper: Speaker, load_seconds: float, extra_mb: float) -> list[Figure]:
    choice = VoiceChoice(rate=150)
    seconds_by_text: dict[str, float] = {}
    audio = 0.0
    figures = [Figure("Piper voice load time", load_seconds * 1000, "ms"),
               Figure("Piper extra memory (loaded, after a prompt)", extra_mb, "MB")]
    for practice in sorted(load_builtins(), key=lambda p: p.id):
        for text in practice.spoken_texts():
            if text not in seconds_by_text:
                began = time.perf_counter()
                audio += piper.synthesize(text, choice).duration
                seconds_by_text[text] = time.perf_counter() - began
        # Texts shared with earlier practices (the runner's phrases) count at their measured cost.
        total = sum(seconds_by_text[text] for text in practice.spoken_texts())
        figures.append(Figure(f"Piper, all {len(practice.spoken_texts())} prompts of '{practice.id}'",
                              total * 1000, "ms"))
    times = list(seconds_by_text.values())
    return [
        *figures,
        Figure(f"Piper synthesis per prompt, median of {len(times)}", statistics.median(times) * 1000, "ms"),
        Figure("Piper synthesis, slowest prompt", max(times) * 1000, "ms"),
        Figure("Piper real-time factor", sum(times) / audio, "x"),
    ]


def round_trip_wer(speaker: Speaker, whisper: WhisperTranscriber) -> float:
    """Synthesize the STOP prompts with `speaker` and transcribe them back with Whisper."""
    heard = [whisper.transcribe(speaker.synthesize(step, VoiceChoice(rate=150)).resampled(16000).data)
             for step in stop_prompts()]
    return word_error_rate(stop_prompts(), heard)


def run() -> list[Figure]:
    figures: list[Figure] = []
    before = rss_mb()
    started = time.perf_counter()
    whisper = open_whisper()
    load = time.perf_counter() - started
    whisper.transcribe(dictation_clips(SPEECH)[0].samples().tobytes())
    figures += whisper_figures(whisper, load, rss_mb() - before)

    before = rss_mb()
    started = time.perf_counter()
    piper = open_piper()
    load = time.perf_counter() - started
    piper.synthesize(stop_prompts()[0], VoiceChoice())
    figures += piper_figures(piper, load, rss_mb() - before)

    figures.append(Figure("round trip WER, Piper voice (STOP prompts, heard by Whisper)",
                          round_trip_wer(piper, whisper) * 100, "%"))
    espeak = Pyttsx3Speaker()
    name = "round trip WER, pyttsx3/espeak-ng voice (STOP prompts, heard by Whisper)"
    try:
        figures.append(Figure(name, round_trip_wer(espeak, whisper) * 100, "%"))
    except VoiceguideError as exc:  # seen once: the pyttsx3 worker answered before its file existed
        figures.append(Figure(f"{name}: FAILED ({exc})", float("nan"), "%"))
    finally:
        espeak.close()
    piper.close()

    virtual_audio = start_virtual_audio()
    saved = os.environ.get("PULSE_SERVER")
    os.environ["PULSE_SERVER"] = virtual_audio.env["PULSE_SERVER"]
    try:
        figures += dictation_figures(whisper, virtual_audio)
    finally:
        if saved is None:
            os.environ.pop("PULSE_SERVER", None)
        else:
            os.environ["PULSE_SERVER"] = saved
        virtual_audio.stop()
    return figures
