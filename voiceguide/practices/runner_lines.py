"""The fixed lines the session runner speaks itself: prompts, confirmations, hints and help."""

from __future__ import annotations

DEFAULT_END_PHRASE = "i'm done"

NEXT_PROMPT = "Say next when you are ready."
CONFIRM_END = "Do you want to end this practice now? Say yes to end, or no to carry on."
CONFIRM_END_HINT = "Say yes to end the practice, or no to carry on."
CARRY_ON = "Okay. Let's carry on."
PAUSED = "Paused. Take all the time you need. Say resume when you want to go on."
RESUMED = "Resuming."
QUIET_MOMENT = "A few seconds of quiet. Just notice what is here."
SLOWER = "A little slower."
FASTER = "A little faster."
SLOWEST = "This is the slowest pace."
FASTEST = "This is the fastest pace."
RATE_HINT = "Please say one number, from zero to ten."
CHOOSE_YES_NO_HINT = "Please say yes or no."
LISTEN_NUDGE = "Take your time. Speak whenever you are ready. Or say next to go on."

HELP_COMMON = "You can say next, back, repeat, pause, or end. Say I need help for support."
HELP_BREATHING = (
    "I have paused the breathing. Follow the pace when it goes on. Say slower or faster to change it. "
    "Say skip to move on, or end to finish. Say resume when you are ready."
)
HELP_LISTEN = "Just speak your answer. When you have finished, say {end_phrase}, or stay quiet for a moment."
HELP_COUNT = "Name each thing out loud, one at a time. Say done to move on."
HELP_RATE = "Say one number, from zero for calm, to ten for the strongest it can be."
HELP_CHOOSE = "Say yes or no."
HELP_CHOOSE_OPTIONS = "Say one of these: {options}."
HELP_PAUSED = "You are paused. Say resume to go on, or end to finish."


def say_speech(text: str, wait: bool) -> str:
    """What a say step speaks: its text, plus the invitation to say next when it waits."""
    return f"{text} {NEXT_PROMPT}" if wait else text


def listen_help(end_phrase: str) -> str:
    return HELP_LISTEN.format(end_phrase=end_phrase)


def choose_help(option_names: list[str]) -> str:
    if not option_names:
        return HELP_CHOOSE
    return HELP_CHOOSE_OPTIONS.format(options=", ".join(option_names))


def runner_phrases() -> list[str]:
    """Every fixed line above that the runner may speak whatever the practice."""
    return [
        NEXT_PROMPT, CONFIRM_END, CONFIRM_END_HINT, CARRY_ON, PAUSED, RESUMED, SLOWER, FASTER, SLOWEST,
        FASTEST, RATE_HINT, CHOOSE_YES_NO_HINT, LISTEN_NUDGE, HELP_COMMON, HELP_BREATHING, HELP_COUNT,
        HELP_RATE, HELP_CHOOSE, HELP_PAUSED,
    ]
