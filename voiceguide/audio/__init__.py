"""Audio values, devices, microphone capture and speaker playback."""
