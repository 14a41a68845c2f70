"""The assistant's real servers, started once for every end-to-end test, as `make run`
starts them but on free ports and with their own SQLite tracker store."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest

from bot.serve import Servers
from tests.conftest import ARTIFACTS


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def tracker_db(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("trackers") / "conversations.db"


@pytest.fixture(scope="session")
def servers(model, tracker_db):
    running = Servers(model, free_port(), free_port(), log_dir=ARTIFACTS / "e2e-logs", tracker_db=tracker_db)
    running.start()
    yield running
    running.stop()

