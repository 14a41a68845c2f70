"""Staff accounts, for `bot staff add|list|remove` and the owners' Staff page: Django's
users, with a role each; each change recorded in the History with who made it."""
import os
import secrets
from dataclasses import dataclass
from typing import List, Optional


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


def add_staff(name: str, role: str, password: str, made_by: Optional[str] = None) -> None:
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
        record_staff_change(name, f"added as {role}", made_by)


def remove_staff(name: str, made_by: Optional[str] = None) -> None:
    from django.contrib.auth.models import User
    from django.db import transaction

    with transaction.atomic():
        user = User.objects.filter(username=name).first()
        if user is None:
            raise AccountError(f"there is no account {name!r}")
        refuse_leaving_no_owner(user)
        user.delete()
        record_staff_change(name, "removed", made_by)


def change_role(name: str, role: str, made_by: str) -> None:
    from django.contrib.auth.models import Group, User
    from django.db import transaction

    from bot.staff.console.roles import OWNER, ROLES

    if role not in ROLES:
        raise AccountError(f"the role is one of {', '.join(ROLES)}")
    with transaction.atomic():
        user = User.objects.get(username=name)
        if role != OWNER:
            refuse_leaving_no_owner(user)
        user.groups.set([Group.objects.get(name=role)])
        record_staff_change(name, f"role: {role}", made_by)


def refuse_leaving_no_owner(user) -> None:
    """Someone must be able to manage the staff and the clinic's settings."""
    from django.contrib.auth.models import User

    from bot.staff.console.roles import OWNER

    owners = User.objects.filter(groups__name=OWNER)
    if owners.filter(pk=user.pk).exists() and owners.count() == 1:
        raise AccountError(f"{user.username} is the only owner: make someone else an owner first")


def record_staff_change(account: str, what: str, made_by: Optional[str] = None) -> None:
    """In the console's History: by the owner who made it, or by the system user who ran `bot staff`."""
    import getpass

    from bot.staff.console.models import ChangeRecord

    ChangeRecord.objects.create(made_by=made_by or f"{getpass.getuser()} (command line)", kind=ChangeRecord.STAFF,
                                subject=account, detail=what)


def staff_members() -> List[StaffMember]:
    from django.contrib.auth.models import User

    from bot.staff.console.roles import role_of

    return [StaffMember(user.username, role_of(user) or "none",
                        f"{user.last_login:%Y-%m-%d %H:%M} UTC" if user.last_login else "never")
            for user in User.objects.order_by("username")]
