"""Custom NLU pieces: the clinic's spaCy pipeline and the red-flag safety net."""
