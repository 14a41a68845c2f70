"""The owners' Staff page: accounts added, roles changed, passwords set, lock-outs lifted,
accounts removed; never without an owner; each change in the History with its owner."""
import pytest
from django.contrib.auth.models import User
from django.test import Client

from bot.staff.console.models import ChangeRecord
from bot.staff.console.roles import role_of
from tests.console.conftest import PASSWORD, staff_member

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "another-long-passphrase"


def history():
    return [(c.made_by, c.subject, c.detail) for c in ChangeRecord.objects.filter(kind="staff")]


def can_sign_in(name: str, password: str) -> bool:
    return Client().post("/sign-in/", {"username": name, "password": password}).status_code == 302


def test_only_owners_see_the_staff_page(owner, editor):
    assert owner.get("/staff/").status_code == 200
    assert editor.get("/staff/").status_code == 403
    assert editor.post("/staff/olivia/change/", {"action": "remove"}).status_code == 403
    assert User.objects.filter(username="olivia").exists()


@pytest.mark.parametrize("password1, password2, told", [
    ("short", "short", "too short"),
    ("password123", "password123", "too common"),
    (NEW_PASSWORD, NEW_PASSWORD + "x", "didn’t match"),
])
def test_a_new_account_needs_a_good_password_typed_twice(owner, password1, password2, told):
    response = owner.post("/staff/", {"username": "anna", "role": "editor", "password1": password1,
                                      "password2": password2})
    assert response.status_code == 200 and told in response.content.decode()
    assert not User.objects.filter(username="anna").exists()


def test_an_owner_adds_an_editor_who_can_then_sign_in(owner):
    response = owner.post("/staff/", {"username": "anna", "role": "editor", "password1": NEW_PASSWORD,
                                      "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert role_of(User.objects.get(username="anna")) == "editor" and can_sign_in("anna", NEW_PASSWORD)
    assert ("olivia", "anna", "added as editor") in history()
    assert "olivia" in owner.get("/history/").content.decode()


def test_roles_change_but_the_last_owner_stays_an_owner(owner, editor):
    page = owner.post("/staff/olivia/change/", {"action": "role", "role": "editor"}, follow=True).content.decode()
    assert "only owner" in page and role_of(User.objects.get(username="olivia")) == "owner"
    owner.post("/staff/eddie/change/", {"action": "role", "role": "owner"})
    assert role_of(User.objects.get(username="eddie")) == "owner"
    owner.post("/staff/olivia/change/", {"action": "role", "role": "editor"})  # now someone else owns it
    assert role_of(User.objects.get(username="olivia")) == "editor"
    assert [d for _, _, d in history()] == ["role: editor", "role: owner"]  # newest first


def test_an_owner_removes_an_account_but_not_their_own(owner, editor):
    owner.post("/staff/olivia/change/", {"action": "remove"})
    assert User.objects.filter(username="olivia").exists()
    owner.post("/staff/eddie/change/", {"action": "remove"})
    assert not User.objects.filter(username="eddie").exists() and not can_sign_in("eddie", PASSWORD)
    assert ("olivia", "eddie", "removed") in history()


def test_an_owner_sets_a_forgotten_password_and_lifts_a_lock_out(owner, console_project):
    staff_member("anna", "editor")
    for _ in range(5):
        Client().post("/sign-in/", {"username": "anna", "password": "guess"})
    assert not can_sign_in("anna", PASSWORD)  # locked out
    owner.post("/staff/anna/password/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    owner.post("/staff/anna/change/", {"action": "unlock"})
    assert can_sign_in("anna", NEW_PASSWORD)
    assert [d for _, _, d in history()] == ["unlocked after wrong passwords", "password set by an owner"]
