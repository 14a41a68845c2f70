"""The Rasa server's extensions: its entry point, NLG, stores and channels (imports only the shared pieces)."""
