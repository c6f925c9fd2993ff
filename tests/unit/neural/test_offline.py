"""With every network connection refused, both neural engines load and run a short spoken exchange."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.neural_support import NETWORK_REFUSED

REPO = Path(__file__).resolve().parents[3]

# Runs in its own interpreter: an audit hook cannot be removed once added.
SESSION = NETWORK_REFUSED + r"""
import json
from voiceguide.config import Config
from voiceguide.practices.library import stop_prompts
from voiceguide.speech.neural import open_piper, open_second_pass
from voiceguide.speech.speaker import VoiceChoice
from voiceguide.speech.scoring import word_error_rate

config = Config()
whisper = open_second_pass(config)
assert whisper is not None, "Whisper is not available"
piper = open_piper(config)
prompt = stop_prompts()[0]
spoken = piper.synthesize(prompt, VoiceChoice(rate=150)).resampled(16000)
heard = whisper.transcribe(spoken.data)
print(json.dumps({"heard": heard, "wer": word_error_rate([prompt], [heard]), "attempts": attempts}))
"""


def test_both_engines_load_and_run_with_the_network_refused() -> None:
    result = subprocess.run([sys.executable, "-c", SESSION], cwd=REPO, capture_output=True, text=True,
                            timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["attempts"] == [], outcome
    assert outcome["wer"] <= 0.15, outcome
