"""Who may use the console: sign-in, lockout, sessions, CSRF, roles."""
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from tests.console.conftest import PASSWORD, signed_in, staff_member

pytestmark = pytest.mark.django_db


def test_every_page_needs_a_signed_in_member_of_staff(console_project):
    for page in ("/", "/topics/safety/", "/missed/", "/clinic/", "/history/", "/try/", "/staff/"):
        response = Client().get(page)
        assert response.status_code == 302 and response.url.startswith("/sign-in/"), page


def test_a_wrong_password_is_refused_and_a_right_one_signs_in(console_project):
    staff_member("anna", "editor")
    client = Client()
    refused = client.post("/sign-in/", {"username": "anna", "password": "not-her-password"})
    assert refused.status_code == 200 and b"correct username and password" in refused.content
    assert client.post("/sign-in/", {"username": "anna", "password": PASSWORD}).status_code == 302
    assert client.get("/").status_code == 200


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(console_project):
    staff_member("anna", "editor")
    client = Client()
    for _ in range(5):
        client.post("/sign-in/", {"username": "anna", "password": "guess"})
    locked = client.post("/sign-in/", {"username": "anna", "password": PASSWORD})
    assert locked.status_code == 429 and b"too many wrong passwords" in locked.content
    assert client.get("/").status_code == 302  # still not signed in


def test_a_form_posted_without_its_csrf_token_is_refused(console_project):
    staff_member("anna", "editor")
    client = Client(enforce_csrf_checks=True)
    assert client.post("/sign-in/", {"username": "anna", "password": PASSWORD}).status_code == 403
    client.force_login(staff_member("ben", "editor"))
    before = (console_project / "data/faq/safety.yml").read_text()
    forged = client.post("/topics/safety/", {"answer": "Forged.", "sources": "001: x", "questions": "q", "version": "v"})
    assert forged.status_code == 403
    assert (console_project / "data/faq/safety.yml").read_text() == before


def test_an_expired_session_signs_out(console_project):
    client = signed_in("anna", "editor")
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/sign-in/")


def test_editors_change_content_and_only_owners_the_clinic_settings(owner, editor):
    assert editor.get("/").status_code == 200
    assert editor.get("/clinic/").status_code == 403
    assert b"Clinic settings" not in editor.get("/").content
    assert owner.get("/clinic/").status_code == 200


def test_an_account_without_a_role_sees_nothing(console_project):
    from django.contrib.auth.models import User

    User.objects.create_user("nobody", password=PASSWORD)
    client = Client()
    client.post("/sign-in/", {"username": "nobody", "password": PASSWORD})
    assert client.get("/").status_code == 403
