import asyncio
import json
import os

import pytest

from bot.bench.load import Bot, LoadResult, cpu_seconds, drive, load_in_rounds, memory_mb, write_report
from tests.http_stand_in import Reply, StandIn


def test_percentiles_and_throughput():
    result = LoadResult("bot", 2, seconds=10.0, messages=100, latencies_ms=[float(n) for n in range(1, 101)])
    summary = result.summary()
    assert summary["messages_per_second"] == 10.0
    assert (summary["p50_ms"], summary["p95_ms"], summary["p99_ms"]) == (51.0, 96.0, 100.0)


def test_drive_holds_conversations_and_counts_unanswered_messages_as_errors():
    with StandIn() as bot:
        bot.reply_with(Reply(body=[{"text": "hi"}]), Reply(body=[]))  # then always no answer
        result = LoadResult("stand-in", 3)
        asyncio.run(drive([f"{bot.url}/webhook"], [("hello", "again")], result, seconds=1.0, warm_up=0))
    assert result.messages == len(result.latencies_ms) > 3
    assert result.errors == result.messages - 1
    conversations = {}
    for request in bot.received:
        body = json.loads(request.body)
        conversations.setdefault(body["sender"], []).append(body["message"])
    assert len(conversations) > 3
    assert all(messages in (["hello"], ["hello", "again"]) for messages in conversations.values())


def test_what_a_process_costs_is_read_from_proc():
    spent = cpu_seconds(os.getpid())
    sum(range(3_000_000))  # some CPU work
    assert cpu_seconds(os.getpid()) > spent > 0
    assert 10 < memory_mb(os.getpid()) < 24_000


def test_visitors_are_split_between_the_replicas():
    with StandIn() as first, StandIn() as second:
        for replica in (first, second):
            replica.reply_with(Reply(body=[{"text": "hi"}]))
        result = LoadResult("two", 4)
        asyncio.run(drive([f"{first.url}/webhook", f"{second.url}/webhook"], [("hello",)], result, seconds=0.5,
                          warm_up=0))
    assert result.errors == 0 and first.received and second.received


def test_bots_take_turns_and_each_round_counts(monkeypatch):
    monkeypatch.setattr("bot.bench.load.WARM_UP_SECONDS", 0.0)
    order = []
    with StandIn() as ours, StandIn() as stock:
        for stand_in in (ours, stock):
            stand_in.reply_with(Reply(body=[{"text": "hi"}]))
        bots = [Bot(name, [os.getpid()], [f"{stand_in.url}/webhook"], [("hello",)])
                for name, stand_in in (("ours", ours), ("stock", stock))]
        monkeypatch.setattr("bot.bench.load.drive", record_turns(order))
        results = load_in_rounds(bots, concurrency=2, seconds=0.6, rounds=3)
    assert order == ["ours", "stock"] * 3
    for result in results:
        assert result.seconds == pytest.approx(0.6) and len(result.round_throughputs) == 3
        assert result.messages > 0 and result.server_cpu_ms_per_message is not None


def record_turns(order):
    async def recorded(webhooks, conversations, result, seconds, warm_up=0.0):
        order.append(result.bot)
        await drive(webhooks, conversations, result, seconds, warm_up=0.0)
    return recorded


def test_the_report_compares_with_stock_and_shows_what_batching_saves(tmp_path):
    ours = LoadResult("ours", 10, seconds=60.0, messages=6000, latencies_ms=[100.0] * 6000,
                      round_throughputs=[90.0, 110.0])
    stock = LoadResult("stock", 10, seconds=60.0, messages=1500, latencies_ms=[300.0] * 1500,
                       round_throughputs=[30.0, 20.0])
    report = write_report([ours, stock], {1: 21.0, 4: 9.5}, tmp_path).read_text()
    assert "ours / stock: **4.0×** (rounds: 3.0× to 5.5×)" in report
    assert "| messages at once | 1 | 4 |" in report and "| CPU ms per message | 21.0 | 9.5 |" in report
    data = json.loads((tmp_path / "load-benchmark.json").read_text())
    assert data["throughput_ratio_to_stock"] == {"ours": 4.0}
    assert data["throughput_ratio_to_stock_by_round"] == {"ours": [3.0, 5.5]}
    assert data["nlu_cpu_ms_per_message_by_batch"] == {"1": 21.0, "4": 9.5}
