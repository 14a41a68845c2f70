"""Shared fixtures: project paths and the trained model."""
from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest

# Tests, like the servers, never report anything to outside services.
os.environ["RASA_TELEMETRY_ENABLED"] = "false"
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")  # Rasa 3.6 pins SQLAlchemy 1.4

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "clinic.tar.gz"
HELDOUT = ROOT / "tests" / "heldout" / "visitor_questions.yml"
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="session")
def model() -> Path:
    if not MODEL.exists():
        pytest.fail(f"{MODEL.relative_to(ROOT)} is missing: run `make train` (make test does)")
    return MODEL


@pytest.fixture(scope="session")
def agent(model: Path):
    from rasa.core.agent import Agent

    return Agent.load(str(model))


@pytest.fixture(scope="session")
def parse(agent):
    """Parses one message with the trained model, as POST /model/parse would."""
    return lambda text: asyncio.run(agent.parse_message(text))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the assistant's content and settings, to change freely."""
    for name in ("data", "actions"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("domain.yml", "config.yml", "clinic.yml", "endpoints.yml", "credentials.yml"):
        shutil.copy2(ROOT / name, tmp_path / name)  # with its time: the model stays newer
    return tmp_path
