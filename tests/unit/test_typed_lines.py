"""Which step a typed line belongs to: the step on screen when it was typed, its first line only."""

from __future__ import annotations

from voiceguide.typed_lines import TypedLine, TypedLines, Use


def test_the_first_line_typed_while_a_step_is_on_belongs_to_it() -> None:
    lines = TypedLines()
    lines.shown(1.0, (0, "before"), asks=True)
    assert lines.use(TypedLine("5", 1.5)) is Use.NOW
    assert lines.use(TypedLine("next", 1.6)) is Use.LATER  # typed ahead: waits for the practice to listen
    lines.shown(2.0, (1, "stop"), asks=False)
    assert lines.take_ahead() == "next" and lines.take_ahead() is None


def test_a_line_typed_for_a_step_that_is_gone_is_for_no_other_step() -> None:
    lines = TypedLines()
    lines.shown(1.0, (4, "say"), asks=False)
    lines.shown(1.2, (5, "question"), asks=True)
    assert lines.use(TypedLine("ok", 1.1)) is Use.GONE  # typed while the say step was on, read after it
    assert lines.use(TypedLine("my answer", 1.3)) is Use.NOW


def test_a_script_typed_before_anything_is_shown_walks_in_order() -> None:
    lines = TypedLines()
    assert lines.use(TypedLine("5", 0.1)) is Use.LATER
    lines.shown(1.0, (0, "before"), asks=True)
    assert lines.use(TypedLine("next", 0.2)) is Use.NOW  # typed before the first step: the first step's
    assert lines.take_ahead() == "5"
