"""The production profile, for real: two Rasa replicas behind nginx sharing one PostgreSQL
tracker store and one Redis lock store (bot/ops/cluster.py starts Debian's servers)."""
from __future__ import annotations

import asyncio
import gzip
import json
import shutil
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List

import aiohttp
import pytest
import requests
import sqlalchemy
from click.testing import CliRunner

from bot.contract import model_fingerprint
from bot.privacy import mask
from bot.staff import publishing
from bot.staff.cli import app
from bot.staff.console.insights import insights
from bot.ops.cluster import DATABASE, DATABASE_USER, Cluster
from tests.conftest import ROOT
from tests.e2e.chat import say_to
from tests.e2e.test_widget_channel import Visitor
from tests.e2e.test_servers import CLINIC, is_faq_answer, texts

FALLBACK_PAIR = ("blorf zxqv wibble", "qwop flim plonk")  # two misses in a row: a person is offered
QUESTIONS = ("Is acupuncture good for back pain?", "how many sessions will I need?", "does it hurt?",
             "is it safe?", "how does acupuncture work?", "is the first consultation free?")


@pytest.fixture(scope="module")
def cluster(model, tmp_path_factory):
    missing = [name for name in ("nginx", "redis-server", "runuser") if shutil.which(name) is None]
    if missing:
        pytest.fail(f"{', '.join(missing)} not installed: run `make cluster-packages` (make test does)")
    console_project = tmp_path_factory.mktemp("console-project")  # what the console publishes into
    (console_project / publishing.LIVE).parent.mkdir()
    shutil.copy2(model, console_project / publishing.LIVE)
    with Cluster(model, tmp_path_factory.mktemp("cluster"), console_project=console_project) as running:
        yield running


def say(url: str, sender: str, text: str) -> List[Dict[str, Any]]:
    return say_to(url, text, sender)


def database(cluster: Cluster) -> sqlalchemy.engine.Engine:
    return sqlalchemy.create_engine(f"postgresql://{DATABASE_USER}@127.0.0.1:{cluster.postgres.port}/{DATABASE}")


def stored_events(cluster: Cluster, sender: str) -> List[Dict[str, Any]]:
    engine = database(cluster)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sqlalchemy.text(
                "SELECT data FROM events WHERE sender_id = :sender ORDER BY id"), {"sender": sender})
            return [json.loads(row[0]) for row in rows]
    finally:
        engine.dispose()


def fallbacks_to_the_store(cluster: Cluster) -> int:
    """How often a replica could not use PostgreSQL and answered from memory instead."""
    return sum((cluster.directory / f"rasa-{index}.log").read_text(errors="replace").count("InMemoryTrackerStore")
               for index in range(len(cluster.replica_ports)))


def test_messages_alternating_between_replicas_keep_the_context(cluster):
    sender = uuid.uuid4().hex
    first = say(cluster.replica_url(0), sender, QUESTIONS[0])
    second = say(cluster.replica_url(1), sender, QUESTIONS[1])
    assert "not medical advice" in texts(first) and "not medical advice" not in texts(second)
    say(cluster.replica_url(0), sender, FALLBACK_PAIR[0])
    assert CLINIC.phone in texts(say(cluster.replica_url(1), sender, FALLBACK_PAIR[1]))


def test_what_is_stored_in_postgresql_is_masked(cluster):
    sender = uuid.uuid4().hex
    say(cluster.url, sender, "call me on 07700 900123 about booking")
    stored = json.dumps(stored_events(cluster, sender))
    assert "07700 900123" not in stored and "booking" in stored


async def burst(url: str, sender: str, messages: List[str], gap: float) -> List[int]:
    """Sends the messages `gap` seconds apart without waiting for answers."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        async def send(delay: float, text: str) -> int:
            await asyncio.sleep(delay)
            async with session.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}) as r:
                return r.status if await r.json() else 0
        return await asyncio.gather(*(send(i * gap, text) for i, text in enumerate(messages)))


def test_a_burst_through_both_replicas_is_answered_in_order_with_none_lost(cluster):
    sender = uuid.uuid4().hex
    messages = [*QUESTIONS, *QUESTIONS]
    statuses = asyncio.run(burst(cluster.url, sender, messages, gap=0.05))
    assert statuses == [200] * len(messages)
    events = stored_events(cluster, sender)
    assert [event["text"] for event in events if event["event"] == "user"] == messages
    # Each message was answered before the next was read: one replica at a time.
    kinds = [event["event"] for event in events if event["event"] in ("user", "bot")]
    assert all(kinds[i + 1] == "bot" for i, kind in enumerate(kinds) if kind == "user")


def test_the_conversation_goes_on_when_a_replica_dies(cluster):
    sender = uuid.uuid4().hex
    say(cluster.url, sender, FALLBACK_PAIR[0])
    cluster.kill_replica(0)
    try:
        for _ in range(2):  # whichever replica nginx picks first
            replies = say(cluster.url, sender, FALLBACK_PAIR[1])
            assert CLINIC.phone in texts(replies)
            say(cluster.url, sender, FALLBACK_PAIR[0])
    finally:
        cluster.start_replica(0)


def test_the_assistant_recovers_when_postgresql_restarts(cluster):
    sender = uuid.uuid4().hex
    before = fallbacks_to_the_store(cluster)
    assert "not medical advice" in texts(say(cluster.url, sender, QUESTIONS[0]))
    cluster.postgres.restart()
    for question in QUESTIONS[1:]:  # on both replicas, each with its pool of old connections
        replies = say(cluster.url, sender, question)
        assert is_faq_answer(replies[0]["text"])
        assert "not medical advice" not in texts(replies)  # the conversation was read back
    assert fallbacks_to_the_store(cluster) == before
    assert len([e for e in stored_events(cluster, sender) if e["event"] == "user"]) == len(QUESTIONS)


def test_the_retention_job_purges_old_conversations_from_postgresql(cluster, monkeypatch):
    old, recent = uuid.uuid4().hex, uuid.uuid4().hex
    for sender in (old, recent):
        say(cluster.url, sender, QUESTIONS[0])
    engine = database(cluster)
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text("UPDATE events SET timestamp = timestamp - 200 * 86400 "
                                           "WHERE sender_id = :sender"), {"sender": old})
    engine.dispose()
    for name, value in cluster.environment().items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(app, ["purge", "--project", str(ROOT), "--endpoints", "endpoints.production.yml"])
    assert result.exit_code == 0, result.output
    assert stored_events(cluster, old) == [] and stored_events(cluster, recent)


def test_the_widget_socket_works_through_nginx(cluster):
    # socket.io's polling needs every request of a session on one replica (ip_hash in nginx.conf)
    visitor = Visitor(cluster.url)
    try:
        session_id = visitor.start_session(uuid.uuid4().hex)
        for question in QUESTIONS[:3]:
            replies = visitor.say({"session_id": session_id, "message": question})
            assert is_faq_answer(replies[0]["text"])
    finally:
        visitor.client.disconnect()


def test_a_model_published_in_the_console_reaches_every_replica_and_no_message_fails(cluster, model):
    repacked = cluster.directory / "repacked.tar.gz"  # the same model in other bytes: a new fingerprint
    with gzip.open(model) as source, gzip.GzipFile(repacked, "wb", mtime=0) as copy:
        shutil.copyfileobj(source, copy)
    published = model_fingerprint(repacked)
    assert published != model_fingerprint(model)
    publishing.make_live(cluster.console_project, repacked)  # as "Check and publish" and "Roll back" do

    loaded = mask(f"Loaded the model with fingerprint {published}")  # as the log masks digits that look like a phone

    def loaded_everywhere() -> bool:
        return all(loaded in (cluster.directory / f"rasa-{i}.log").read_text() for i in range(len(cluster.replica_ports)))

    failures, sent, deadline = [], 0, time.monotonic() + 120
    while not loaded_everywhere():
        assert time.monotonic() < deadline, "a replica did not load the published model"
        replica, sender = cluster.replica_url(sent % 2), uuid.uuid4().hex
        try:
            replies = say(replica, sender, QUESTIONS[sent % len(QUESTIONS)])
            failures += [] if is_faq_answer(replies[0]["text"]) else [replies]
        except requests.RequestException as error:
            failures.append(str(error))
        sent += 1
    assert sent and not failures, failures


def test_the_console_counts_the_conversations_stored_in_postgresql(cluster):
    sender = uuid.uuid4().hex
    say(cluster.url, sender, QUESTIONS[3])
    url = f"postgresql://{DATABASE_USER}@127.0.0.1:{cluster.postgres.port}/{DATABASE}"
    found = insights(url, days=1)
    assert found.conversations >= 2 and found.messages >= found.conversations
    assert found.outcomes["answered"] >= 1 and any("safety" in topic for topic, _ in found.topics)


def test_the_proxy_limits_each_address_across_replicas(cluster):  # last: it spends this address's allowance
    def post(number: int) -> int:
        return requests.post(f"{cluster.url}/webhooks/rest/webhook", timeout=60,
                             json={"sender": f"flood-{number}", "message": "hello"}).status_code
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(post, range(90)))
    # bursts of 30 at 2 a second (deploy/nginx.conf), shared by both replicas; up to 10 s
    # of refills on a slow machine
    assert set(statuses) == {200, 429} and statuses.count(429) >= 90 - 30 - 2 * 10, statuses
