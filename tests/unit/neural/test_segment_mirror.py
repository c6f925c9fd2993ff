"""The segment mirror: each closed segment's audio as soon as the endpointer sees it close, none lost."""

from __future__ import annotations

from voiceguide.speech.segment_mirror import SegmentMirror


class ScriptedEndpointer:
    """Speech is any frame starting with b'S'; a segment ends at the first frame that does not."""

    frame_bytes = 4

    def __init__(self) -> None:
        self.in_speech = False

    def process(self, frame: bytes) -> bytes | None:
        self.in_speech = frame.startswith(b"S")
        return frame if self.in_speech else None

    def end_stream(self, frame: bytes) -> bytes | None:
        self.in_speech = False
        return frame if frame.startswith(b"S") else None


def test_a_segment_is_given_whole_in_the_call_that_closes_it_even_across_odd_chunks() -> None:
    mirror = SegmentMirror(ScriptedEndpointer)
    assert mirror.feed(b"SSSS" + b"SS") == []  # half a frame waits for the rest
    assert mirror.feed(b"SS" + b"SSSS") == []
    assert mirror.feed(b"\x00\x00\x00\x00" + b"SSSS") == [b"SSSS" * 3]
    assert mirror.feed(b"\x00" * 4 + b"SSSS" + b"\x00" * 4) == [b"SSSS", b"SSSS"]  # two close in one call


def test_end_gives_the_segment_in_progress_and_starts_afresh() -> None:
    mirror = SegmentMirror(ScriptedEndpointer)
    mirror.feed(b"SSSS" * 2 + b"SS")
    assert mirror.end() == b"SSSS" * 2 + b"SS"  # the half frame too: nothing said is dropped
    assert mirror.end() == b""
    assert mirror.feed(b"\x00" * 4) == []  # no segment open after the end


def test_reset_forgets_the_segment_in_progress() -> None:
    mirror = SegmentMirror(ScriptedEndpointer)
    mirror.feed(b"SSSS")
    mirror.reset()
    assert mirror.feed(b"\x00" * 4) == []
