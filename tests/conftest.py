"""Shared fixtures: project paths and the trained model."""
from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml


# Tests, like the servers, never report anything to outside services.
os.environ["RASA_TELEMETRY_ENABLED"] = "false"
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")  # Rasa 3.6 pins SQLAlchemy 1.4

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "clinic.tar.gz"
HELDOUT = ROOT / "tests" / "heldout" / "visitor_questions.yml"
ARTIFACTS = ROOT / "tests" / "artifacts"

TEST_CLINIC = {
    "name": "Test Clinic",
    "booking_url": "https://booking.test-clinic.example/book",
    "phone": "+44 20 7946 0000",
    "email": "desk@test-clinic.example",
    "address": "1 Test Road, Testville",
    "hours": "Mon-Fri 8am-8pm",
    "emergency_number": "112",
    "timezone": "Europe/London",
}


@pytest.fixture
def clinic_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Points the clinic settings (actions, NLG) at a file the test writes; returns a writer."""

    def write(**overrides: Any) -> Path:
        path = tmp_path / "clinic.yml"
        path.write_text(yaml.safe_dump({**TEST_CLINIC, **overrides}))
        monkeypatch.setenv("CLINIC_SETTINGS", str(path))  # read again: the file changed
        return path

    write()
    return write


@pytest.fixture(scope="session")
def model() -> Path:
    if not MODEL.exists():
        pytest.fail(f"{MODEL.relative_to(ROOT)} is missing: run `make train` (make test does)")
    return MODEL


@pytest.fixture(scope="session")
def agent(model: Path):
    """The trained model in the agent the Rasa server runs (bot/server/agent.py)."""
    from bot.server.agent import load_agent

    return asyncio.run(load_agent(str(model)))


@pytest.fixture(scope="session")
def parse(agent):
    """Parses one message with the trained model, as POST /model/parse would."""
    return lambda text: asyncio.run(agent.parse_message(text))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the assistant's content and settings, to change freely."""
    for name in ("data", "actions", "docs"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("domain.yml", "config.yml", "clinic.yml", "endpoints.yml", "credentials.yml"):
        shutil.copy2(ROOT / name, tmp_path / name)  # with its time: the model stays newer
    return tmp_path
