"""Dictation through the virtual microphone with the app's recognizer: each segment's draft, then Whisper's
text is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.neural_support import dictate_through_microphone, dictation_clips, with_pauses
from tests.virtual_audio import VirtualAudio
from voiceguide.speech.scoring import word_error_rate
from voiceguide.speech.whisper_engine import WhisperTranscriber

pytestmark = pytest.mark.devices


def test_spoken_sentences_are_kept_with_whisper_accuracy(
    virtual_audio: VirtualAudio, whisper: WhisperTranscriber, speech_dir: Path
) -> None:
    clips = dictation_clips(speech_dir)
    assert len(clips) >= 10
    result = dictate_through_microphone(virtual_audio, whisper, with_pauses(clips))
    reference = " ".join(clip.transcript for clip in clips)

    accurate_wer = word_error_rate([reference], [result.accurate_text])
    draft_wer = word_error_rate([reference], [result.draft_text])
    assert result.finals, "nothing was heard through the microphone"
    assert result.drafts and len(result.drafts) <= len(result.finals), result  # drafts as segments close
    assert accurate_wer <= 0.12, (accurate_wer, draft_wer, result.accurate_text)
    assert accurate_wer < draft_wer, (accurate_wer, draft_wer)
