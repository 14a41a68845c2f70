"""The clinic console: the staff's web pages for the assistant's content (Django).

Staff sign in (Django's auth, sessions and CSRF; django-axes locks an account after
repeated wrong passwords), edit answers and example questions, work through the missed
questions and, as owners, the clinic's settings. Every change is written to the project's
files through the same code as `bot faq` and `bot review`, and recorded with who made it.
"""
