"""The servers as `make run` starts them by default: conversations kept in SQLite
(endpoints.yml) across restarts, and Rasa's HTTP API off."""
from __future__ import annotations

import uuid

import requests

from bot.serve import Servers
from tests.conftest import ARTIFACTS
from tests.e2e.chat import say
from tests.e2e.conftest import free_port


def test_a_conversation_goes_on_after_the_servers_restart(model, tmp_path):
    sender = uuid.uuid4().hex
    servers = Servers(model, free_port(), free_port(), log_dir=ARTIFACTS / "e2e-logs",
                      tracker_db=tmp_path / "conversations.db")
    with servers:
        assert requests.post(f"{servers.rasa_url}/model/parse", json={"text": "hi"}, timeout=30).status_code == 404
        first = say(servers, "Is acupuncture good for back pain?", sender)
        assert any("not medical advice" in reply.get("text", "") for reply in first)
    with servers:  # the same database, new processes
        second = say(servers, "and is it safe?", sender)
    assert "safe" in second[0]["text"]
    # the disclaimer was already shown in this conversation, before the restart
    assert not any("not medical advice" in reply.get("text", "") for reply in second)
