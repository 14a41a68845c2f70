"""Django settings of the console, from the environment; nothing secret is in the code.

CONSOLE_DATA_DIR   where its database and secret key live (default var/console/)
CONSOLE_PROJECT    the assistant whose content it edits (default: this checkout)
CLINIC_SETTINGS    the clinic settings file, as the servers read it (default: clinic.yml there)
CONSOLE_ENDPOINTS  the endpoints file naming the Rasa server's tracker store, where the
                   missed questions are read (default: endpoints.yml there)
CONSOLE_SECRET_KEY the key that signs sessions; by default the file `secret-key` in the
                   data directory, which `python -m bot.staff.console serve` creates once
CONSOLE_HOSTS      the host names it answers to, comma-separated (default localhost)
CONSOLE_BEHIND_TLS "true" behind nginx with TLS: cookies are then sent over HTTPS only
CONSOLE_MODEL_TOKEN what the Rasa server sends to fetch the live model (`make run` makes one);
                   without it the model is not served
CONSOLE_DRAFT_URL  the Rasa server that loads the newest draft, for "Try it" (`make run` starts
                   it on localhost:5006); without it "Try it" says it is not set up
"""
import os
from pathlib import Path

from bot.contract import PROJECT_ROOT

DATA_DIR = Path(os.environ.get("CONSOLE_DATA_DIR", PROJECT_ROOT / "var" / "console"))
PROJECT = Path(os.environ.get("CONSOLE_PROJECT", PROJECT_ROOT))
ENDPOINTS_FILE = Path(os.environ.get("CONSOLE_ENDPOINTS", PROJECT / "endpoints.yml"))
CLINIC_FILE = Path(os.environ.get("CLINIC_SETTINGS", PROJECT / "clinic.yml"))
SECRET_KEY_FILE = DATA_DIR / "secret-key"


def _secret_key() -> str:
    """Empty when not set, so that Django refuses to sign anything rather than use a default."""
    if os.environ.get("CONSOLE_SECRET_KEY"):
        return os.environ["CONSOLE_SECRET_KEY"]
    return SECRET_KEY_FILE.read_text().strip() if SECRET_KEY_FILE.exists() else ""


SECRET_KEY = _secret_key()
MODEL_TOKEN = os.environ.get("CONSOLE_MODEL_TOKEN", "")
DRAFT_URL = os.environ.get("CONSOLE_DRAFT_URL", "")
DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("CONSOLE_HOSTS", "localhost,127.0.0.1").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "axes",
    "bot.staff.console.apps.ConsoleConfig",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "bot.staff.console.middleware.UnreadableContentPage",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out account before its password is checked
    "django.contrib.auth.backends.ModelBackend",
]
ROOT_URLCONF = "bot.staff.console.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "bot.staff.console.roles.role_context",
    ]},
}]
WSGI_APPLICATION = "bot.staff.console.wsgi.application"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "console.sqlite3"}}
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "topics"
LOGOUT_REDIRECT_URL = "login"

# A working day's session, ended by closing the browser too: the console is often on a
# shared reception computer.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SAMESITE = "Strict"
BEHIND_TLS = os.environ.get("CONSOLE_BEHIND_TLS", "").lower() == "true"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = BEHIND_TLS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS else None
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CONSOLE_ORIGINS", "").split(",") if o]

# Five wrong passwords for one account lock it for 15 minutes (django-axes); a right
# password before that starts the count again.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "console/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_TZ = True
USE_I18N = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
