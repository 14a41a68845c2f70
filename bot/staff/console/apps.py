from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "bot.staff.console"
    label = "console"
    verbose_name = "Clinic console"
    default_auto_field = "django.db.models.BigAutoField"
