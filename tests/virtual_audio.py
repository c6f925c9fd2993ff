"""A private PulseAudio with a null-sink speaker and a pipe-source microphone, for real-device tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

RATE = 16000
CHUNK_SECONDS = 0.02
SKIP_ENV = "VOICEGUIDE_SKIP_DEVICE_TESTS"
INSTALL_HINT = "install them: sudo apt-get install pulseaudio libasound2-plugins alsa-utils"


class VirtualAudioUnavailable(RuntimeError):
    """PulseAudio or the ALSA pulse plugin is missing."""


@dataclass
class Recording:
    """What the speaker played, captured from the null sink's monitor."""

    path: Path
    process: subprocess.Popen[bytes]
    started: float  # monotonic time of the first recorded sample
    stopped_at: float = 0.0  # monotonic time parecord was told to stop

    def stop(self, drain_timeout: float = 10.0) -> np.ndarray:
        """Stop recording once parecord has written everything up to now (it lags when the CPU is busy,
        and what it has not written when it is stopped is lost)."""
        deadline = time.monotonic() + drain_timeout
        while time.monotonic() < deadline:
            behind = (time.monotonic() - self.started - 0.5) * RATE * 2
            if self.path.stat().st_size >= 44 + behind:
                break
            time.sleep(0.05)
        self.stopped_at = time.monotonic()
        self.process.terminate()
        self.process.wait(timeout=5)
        with wave.open(str(self.path), "rb") as wav:
            return np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")

    def lost_seconds(self, samples: np.ndarray) -> float:
        """How much less than the time it ran the recording holds: the sound server drops what a starved
        parecord does not read in time, and the rest closes up over the gap, so such a recording says
        nothing about what was played."""
        return (self.stopped_at - self.started) - samples.size / RATE


@dataclass
class VirtualAudio:
    """The running daemon; `speak` feeds the microphone, `record` captures the speaker."""

    root: Path
    env: dict[str, str]
    daemon: subprocess.Popen[bytes]
    fifo: Path
    _pending: list[np.ndarray] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)
    _writer: threading.Thread | None = None
    fed_seconds: float = 0.0

    def start_writer(self) -> None:
        self._writer = threading.Thread(target=self._write_forever, name="virtual-mic", daemon=True)
        self._writer.start()

    def _write_forever(self) -> None:
        fd = os.open(self.fifo, os.O_WRONLY)
        frames = int(RATE * CHUNK_SECONDS)
        silence = np.zeros(frames, dtype="<i2")
        deadline = time.monotonic()
        try:
            while not self._stop.is_set():
                with self._lock:
                    if self._pending:
                        head = self._pending[0]
                        chunk, rest = head[:frames], head[frames:]
                        if rest.size:
                            self._pending[0] = rest
                        else:
                            self._pending.pop(0)
                    else:
                        chunk = silence
                if chunk.size < frames:
                    chunk = np.concatenate([chunk, silence[: frames - chunk.size]])
                os.write(fd, chunk.tobytes())
                deadline += CHUNK_SECONDS
                delay = deadline - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                else:
                    deadline = time.monotonic()
        except OSError:
            pass
        finally:
            os.close(fd)

    def speak(self, samples: np.ndarray) -> float:
        """Queue 16 kHz mono samples into the microphone; returns seconds until they have all been fed."""
        with self._lock:
            self._pending.append(samples.astype("<i2"))
            queued = sum(p.size for p in self._pending) / RATE
        return queued

    def speak_wav(self, path: str | Path) -> float:
        from voiceguide.audio.format import read_wav

        pcm = read_wav(path).resampled(RATE)
        return self.speak(pcm.samples())

    @property
    def idle(self) -> bool:
        with self._lock:
            return not self._pending

    def record(self) -> Recording:
        """Start capturing the speaker's monitor into a WAV file."""
        path = Path(tempfile.mkstemp(suffix=".wav", dir=self.root)[1])
        process = subprocess.Popen(
            ["parecord", "--device=speaker.monitor", "--rate=16000", "--channels=1",
             "--format=s16le", "--file-format=wav", "--latency-msec=20", str(path)],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while path.stat().st_size <= 44 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.01)
        # the recording's clock: its first sample was captured this long ago
        started = time.monotonic() - (path.stat().st_size - 44) / (RATE * 2)
        return Recording(path, process, started)

    def stop(self) -> None:
        self._stop.set()
        if self._writer is not None:
            self._writer.join(timeout=2)
        self.daemon.terminate()
        try:
            self.daemon.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.daemon.kill()
            self.daemon.wait()
        shutil.rmtree(self.root, ignore_errors=True)


def start_virtual_audio() -> VirtualAudio:
    """Start the daemon and the real-time silence writer; raise VirtualAudioUnavailable with a fix."""
    missing = [tool for tool in ("pulseaudio", "pactl", "parecord") if shutil.which(tool) is None]
    if missing:
        raise VirtualAudioUnavailable(f"{', '.join(missing)} not found; {INSTALL_HINT}")
    if not any(Path(d, "libasound_module_pcm_pulse.so").exists()
               for d in ("/usr/lib/x86_64-linux-gnu/alsa-lib", "/usr/lib/aarch64-linux-gnu/alsa-lib",
                         "/usr/lib/alsa-lib", "/usr/lib64/alsa-lib")):
        raise VirtualAudioUnavailable(f"the ALSA pulse plugin is missing; {INSTALL_HINT}")
    root = Path(tempfile.mkdtemp(prefix="vg-pulse-"))
    socket = root / "native"
    fifo = root / "mic.fifo"
    conf = root / "default.pa"
    conf.write_text(
        f"load-module module-native-protocol-unix socket={socket} auth-anonymous=1\n"
        "load-module module-null-sink sink_name=speaker rate=16000 channels=1\n"
        f"load-module module-pipe-source source_name=mic file={fifo} format=s16le rate=16000 channels=1\n"
        "set-default-sink speaker\n"
        "set-default-source mic\n"
    )
    env = dict(os.environ, HOME=str(root), XDG_RUNTIME_DIR=str(root), PULSE_SERVER=f"unix:{socket}")
    env.pop("PULSE_SINK", None)
    env.pop("PULSE_SOURCE", None)
    daemon = subprocess.Popen(
        ["pulseaudio", "-n", "-F", str(conf), "--exit-idle-time=-1", "--daemonize=no",
         "--use-pid-file=no", "--log-target=stderr", "--log-level=error"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if daemon.poll() is not None:
            err = daemon.stderr.read().decode(errors="replace") if daemon.stderr else ""
            raise VirtualAudioUnavailable(f"pulseaudio exited at start: {err.strip()[-300:]}")
        if fifo.exists() and subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode == 0:
            break
        time.sleep(0.05)
    else:
        daemon.kill()
        raise VirtualAudioUnavailable("pulseaudio did not come up within 10 s")
    audio = VirtualAudio(root=root, env=env, daemon=daemon, fifo=fifo)
    audio.start_writer()
    return audio
