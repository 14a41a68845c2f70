"""`make run` under faults: `kill -9` of each server it started. The action server comes
back by itself while the Rasa server goes on answering FAQs (with their disclaimer) and the
booking question; the Rasa server comes back by itself and the conversation goes on where
it was (the tracker store)."""
from __future__ import annotations

import os
import signal
import subprocess
import uuid
from pathlib import Path
from typing import Iterator

import pytest
import requests

from bot.clinic import load_clinic_settings
from bot.bench.make_run import MakeRun, children
from bot.ops.serve import free_port
from tests.conftest import ARTIFACTS, ROOT
from tests.e2e.chat import say_to
from tests.e2e.test_servers import FAQ_ANSWERS, texts

CLINIC = load_clinic_settings(ROOT / "clinic.yml")
DISCLAIMER = "not medical advice"


def refuses(url: str) -> bool:
    try:
        requests.get(url, timeout=2)
    except requests.ConnectionError:
        return True
    return False


@pytest.fixture
def make_run(model, tmp_path) -> Iterator[MakeRun]:
    running = MakeRun(model, tmp_path, ARTIFACTS / "e2e-logs" / "make-run.log")
    try:
        yield running.start()
    finally:
        running.stop()


def test_kill_9_of_either_server_is_survived_and_the_conversation_goes_on(make_run):
    """Then stopping `make run` stops every server it started."""
    sender = uuid.uuid4().hex
    assert DISCLAIMER in texts(say_to(make_run.rasa_url, "Is acupuncture good for back pain?", sender))

    os.kill(make_run.server_pid("actions"), signal.SIGKILL)
    assert refuses(f"{make_run.actions_url}/health")
    faq = say_to(make_run.rasa_url, "how does acupuncture actually work?", uuid.uuid4().hex)
    booking = texts(say_to(make_run.rasa_url, "I want to book an appointment", uuid.uuid4().hex))
    assert refuses(f"{make_run.actions_url}/health"), "the answers above came after the action server was back"
    assert faq[0]["text"].startswith(FAQ_ANSWERS["how_acupuncture_works"]) and DISCLAIMER in faq[0]["text"]
    assert CLINIC.booking_url in booking
    make_run.up(f"{make_run.actions_url}/health", "actions", 60)

    rasa = make_run.server_pid("rasa")
    os.kill(rasa, signal.SIGKILL)
    make_run.up(f"{make_run.rasa_url}/webhooks/rest/", "rasa", 180)
    assert make_run.server_pid("rasa") != rasa
    after = say_to(make_run.rasa_url, "and is it safe?", sender)
    assert "safe" in after[0]["text"]
    # the disclaimer was shown in this conversation before the crash
    assert DISCLAIMER not in texts(after)
    assert "started again" in make_run.log.read_text()

    make_run.up(f"{make_run.console_url}/sign-in/", "console", 60)
    make_run.up(f"{make_run.draft_url}/webhooks/rest/", "draft", 120)
    servers = children(make_run.process.pid)
    assert len(servers) == 4  # the Rasa server, the action server, the staff console and its draft assistant
    make_run.stop()  # Ctrl-C or SIGTERM stops all four with it
    assert not any(Path(f"/proc/{pid}").exists() for pid in servers)


HEALTH_CHECK = ROOT / "deploy" / "systemd" / "health-check"


def health_check(server: str, url: str, seconds: int) -> subprocess.CompletedProcess:
    return subprocess.run([str(HEALTH_CHECK), server, "--wait", str(seconds)], env={**os.environ, "HEALTH_URL": url},
                          capture_output=True, text=True, timeout=seconds + 30)


def test_the_systemd_health_check_waits_for_each_server_and_says_which_did_not_answer(servers):
    assert health_check("actions", f"{servers.actions_url}/health", 10).returncode == 0
    assert health_check("rasa", f"{servers.rasa_url}/webhooks/rest/", 10).returncode == 0
    nothing = f"http://127.0.0.1:{free_port()}/health"
    silent = health_check("actions", nothing, 2)
    assert silent.returncode == 1 and f"the actions server did not answer {nothing} in 2 s" in silent.stderr
