"""Staff accounts, for `bot staff add|list|remove`: Django's users, with a role each."""
import os
import secrets
from dataclasses import dataclass
from typing import List


class AccountError(ValueError):
    """A request the accounts cannot carry out; the message says why."""


@dataclass(frozen=True)
class StaffMember:
    name: str
    role: str
    last_sign_in: str


def open_console_database() -> None:
    """Django set up on the console's database, brought up to date (created the first time)."""
    import django
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bot.staff.console.settings")
    if not apps.ready:  # once per process (the tests' pytest-django has done it already)
        django.setup()
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0, interactive=False)


def ensure_secret_key() -> None:
    """The key that signs sessions: made once, readable by this user only."""
    from django.conf import settings

    if os.environ.get("CONSOLE_SECRET_KEY") or settings.SECRET_KEY_FILE.exists():
        return
    settings.SECRET_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(settings.SECRET_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as key:
        key.write(secrets.token_urlsafe(50))


def add_staff(name: str, role: str, password: str) -> None:
    from django.contrib.auth.models import Group, User
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from bot.staff.console.roles import ROLES

    if role not in ROLES:
        raise AccountError(f"the role is one of {', '.join(ROLES)}")
    if User.objects.filter(username=name).exists():
        raise AccountError(f"there is already an account {name!r}")
    user = User(username=name)
    try:
        user.full_clean(exclude=["password"])
        validate_password(password, user)
    except ValidationError as error:
        raise AccountError(" ".join(error.messages)) from error
    user.set_password(password)
    with transaction.atomic():  # the account, its role and the record, or none of them
        user.save()
        user.groups.add(Group.objects.get(name=role))
        record_from_command_line(name, f"added as {role}")


def remove_staff(name: str) -> None:
    from django.contrib.auth.models import User

    deleted, _ = User.objects.filter(username=name).delete()
    if not deleted:
        raise AccountError(f"there is no account {name!r}")
    record_from_command_line(name, "removed")


def record_from_command_line(account: str, what: str) -> None:
    """In the console's History, by the system user who ran `bot staff`."""
    import getpass

    from bot.staff.console.models import ChangeRecord

    ChangeRecord.objects.create(made_by=f"{getpass.getuser()} (command line)", kind=ChangeRecord.STAFF,
                                subject=account, detail=what)


def staff_members() -> List[StaffMember]:
    from django.contrib.auth.models import User

    from bot.staff.console.roles import role_of

    return [StaffMember(user.username, role_of(user) or "none",
                        f"{user.last_login:%Y-%m-%d %H:%M} UTC" if user.last_login else "never")
            for user in User.objects.order_by("username")]
