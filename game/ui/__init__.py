"""The game window: pygame-ce scenes over the engine."""
