"""Triage of back-pain red flags by rules, independent of any classifier: the concepts and
their phrases (concepts.py), the contexts that cancel a mention (context.py), the red flags
and their urgency (flags.py), and the detector that puts them together (detector.py)."""
