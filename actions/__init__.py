"""The assistant's action server: one module per concern."""
