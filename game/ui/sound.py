"""Short sound cues (a chime for new intel, a low thud for a refusal), synthesised so no files need shipping."""

from __future__ import annotations

import pygame

RATE = 22050


class Cues:
    """Plays cues when sound is on and an audio device exists; silently does nothing otherwise."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self._sounds: dict[str, pygame.mixer.Sound] | None = None

    def _load(self) -> dict[str, pygame.mixer.Sound]:
        if self._sounds is None:
            self._sounds = {}
            try:
                if not pygame.mixer.get_init():
                    pygame.mixer.init(RATE, -16, 1)
                rate, _, channels = pygame.mixer.get_init()
                self._sounds = {
                    "leak": _tone([880.0, 1320.0], 0.25, rate, channels),
                    "refusal": _tone([150.0, 110.0], 0.3, rate, channels),
                    "end": _tone([660.0, 990.0, 1320.0], 0.45, rate, channels),
                }
            except pygame.error:
                self._sounds = {}  # no audio device: the game is fully playable without sound
        return self._sounds

    def play(self, name: str) -> None:
        if not self.enabled:
            return
        sound = self._load().get(name)
        if sound is not None:
            sound.play()


def _tone(frequencies: list[float], seconds: float, rate: int, channels: int) -> pygame.mixer.Sound:
    import numpy as np  # only once a cue is first played

    count = int(rate * seconds)
    t = np.arange(count) / rate
    part = count // len(frequencies)
    wave = np.concatenate([np.sin(2 * np.pi * f * t[:part]) for f in frequencies])
    envelope = np.exp(-3.0 * np.linspace(0, 1, wave.size))
    samples = (wave * envelope * 0.25 * 32767).astype(np.int16)
    if channels > 1:
        samples = np.repeat(samples[:, None], channels, axis=1)
    return pygame.sndarray.make_sound(np.ascontiguousarray(samples))
