"""A console on a copy of the project, with an owner and an editor signed in on demand."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

PASSWORD = "correct-horse-battery"


@pytest.fixture
def console_project(project, settings, tmp_path):
    settings.PROJECT, settings.CLINIC_FILE = project, project / "clinic.yml"
    settings.DATA_DIR = tmp_path / "console-data"  # what the console keeps beside its database
    settings.DATA_DIR.mkdir()
    return project


def staff_member(name: str, role: str) -> User:
    user = User.objects.create_user(name, password=PASSWORD)
    user.groups.add(Group.objects.get(name=role))
    return user


def signed_in(name: str, role: str, **client_options) -> Client:
    staff_member(name, role)
    client = Client(**client_options)
    response = client.post("/sign-in/", {"username": name, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


@pytest.fixture
def owner(db, console_project) -> Client:
    return signed_in("olivia", "owner")


@pytest.fixture
def editor(db, console_project) -> Client:
    return signed_in("eddie", "editor")
