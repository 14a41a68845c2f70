"""`bot staff add|list|remove`: accounts with a role, a password asked for, never a default."""
import pytest
from click.testing import CliRunner
from django.contrib.auth import authenticate as django_authenticate
from django.test import RequestFactory

from bot.staff.cli import app
from bot.staff.console.models import ChangeRecord
from bot.staff.console.roles import role_of

pytestmark = pytest.mark.django_db


def authenticate(username, password):
    """As the sign-in page does it: django-axes wants the request."""
    return django_authenticate(RequestFactory().post("/sign-in/"), username=username, password=password)


def staff(*args, password=None):
    typed = f"{password}\n{password}\n" if password else None
    return CliRunner().invoke(app, ["staff", *args], input=typed)


def test_an_owner_is_added_with_a_password_asked_for_and_can_sign_in():
    added = staff("add", "olivia", "--role", "owner", password="a-long-enough-secret")
    assert added.exit_code == 0, added.output
    assert "a-long-enough-secret" not in added.output
    user = authenticate(username="olivia", password="a-long-enough-secret")
    assert user is not None and role_of(user) == "owner"
    listed = staff("list")
    assert "olivia" in listed.output and "owner" in listed.output and "never" in listed.output


@pytest.mark.parametrize("args, password, message", [
    (["add", "eddie", "--role", "editor"], "short", "too short"),
    (["add", "eddie", "--role", "editor"], "password123", "too common"),
    (["add", "eddie", "--role", "admin"], "a-long-enough-secret", "Invalid value for '--role'"),
    (["remove", "nobody"], None, "there is no account 'nobody'"),
])
def test_wrong_requests_are_refused_with_the_reason(args, password, message):
    result = staff(*args, password=password)
    assert result.exit_code != 0 and message in result.output


def test_a_removed_member_can_no_longer_sign_in():
    staff("add", "eddie", "--role", "editor", password="a-long-enough-secret")
    assert staff("add", "eddie", "--role", "editor", password="a-long-enough-secret").exit_code != 0
    assert staff("remove", "eddie").exit_code == 0
    assert authenticate(username="eddie", password="a-long-enough-secret") is None
    assert [(c.kind, c.subject, c.detail) for c in ChangeRecord.objects.order_by("id")] == [
        ("staff", "eddie", "added as editor"), ("staff", "eddie", "removed")]
