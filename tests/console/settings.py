"""The console's settings for its tests: pytest-django gives each test a fresh database."""
from bot.staff.console.settings import *  # noqa: F401,F403

SECRET_KEY = "tests-only-key-not-used-anywhere-else-0123456789"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, for tests only
