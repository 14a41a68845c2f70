"""The console as a WSGI application, for gunicorn (`python -m bot.staff.console serve`)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bot.staff.console.settings")
application = get_wsgi_application()
