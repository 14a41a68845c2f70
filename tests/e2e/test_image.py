"""The container image (`make image`, which `make test` runs where containers can run):
the production profile started from it with podman, the Rasa server and the action server
each in a container, against the PostgreSQL and Redis that bot.ops.cluster starts, behind nginx."""
from __future__ import annotations

import os
import subprocess
import uuid

import pytest

from bot.clinic import load_clinic_settings
from bot.ops.cluster import CONTAINERS_CONF, Cluster
from tests.conftest import ROOT
from tests.e2e.chat import say_to
from tests.e2e.test_scale_out import stored_events
from tests.e2e.test_servers import is_faq_answer, texts

BUILT = ROOT / "build" / "image" / "built.txt"
UNAVAILABLE = ROOT / "build" / "image" / "unavailable.txt"
CLINIC = load_clinic_settings(ROOT / "clinic.yml")


@pytest.fixture(scope="module")
def image() -> str:
    if UNAVAILABLE.exists():
        pytest.skip(f"no container image on this machine: {UNAVAILABLE.read_text().strip()}")
    if not BUILT.exists():
        pytest.fail("no container image: run `make image` (make test does)")
    return BUILT.read_text().strip()


@pytest.fixture(scope="module")
def cluster(image, model, tmp_path_factory):
    with Cluster(model, tmp_path_factory.mktemp("image"), replicas=1, image=image) as running:
        yield running


def test_the_production_profile_runs_from_the_image(cluster, image):
    containers = subprocess.run(["podman", "ps", "--format", "{{.Names}} {{.Image}}"], capture_output=True,
                                text=True, check=True, env={**os.environ, "CONTAINERS_CONF": str(CONTAINERS_CONF)}).stdout
    assert f"clinic-rasa-0-{cluster.port} {image}" in containers
    assert f"clinic-actions-{cluster.port} {image}" in containers

    sender = uuid.uuid4().hex
    [faq, *_] = say_to(cluster.url, "how many sessions will I need?", sender)
    assert is_faq_answer(faq["text"]) and "not medical advice" in faq["text"]
    assert str(CLINIC.booking_url) in texts(say_to(cluster.url, "I want to book an appointment", sender))
    said = [event["text"] for event in stored_events(cluster, sender) if event["event"] == "user"]
    assert said == ["how many sessions will I need?", "I want to book an appointment"]  # in PostgreSQL
