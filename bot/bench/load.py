"""`make bench-load`: the assistant under many concurrent conversations, beside stock Rasa.

Starts the assistant as `make run` does (action server, Rasa server, SQLite tracker store),
its production profile (two Rasa replicas, PostgreSQL, Redis: bot/ops/cluster.py; visitors
split evenly between the replicas, as nginx splits them) and a stock `rasa init` bot, and
drives each over the REST webhook with concurrent conversations; the assistant's include
custom actions (the disclaimer, booking). The bots take turns, one at a time so they never
compete for the CPU, in short rounds, so that each sees the machine's faster and slower
minutes alike (a 2-core virtual machine's speed drifts by 10-20%). Writes throughput,
p50/p95/p99 latency, the Rasa servers' CPU time per message and memory, and the ratios to
stock (over the whole run, and the lowest and highest of the rounds) to
reports/load-benchmark.md and .json. First it measures what understanding a message costs
when the server understands several at once (bot/server/batched_parsing.py), which is why a busy
server does more per second than an idle one.

    python -m bot.bench.load [--concurrency 10] [--seconds 60] [--rounds 6]
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import time
import uuid
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import aiohttp
import yaml

from bot.contract import PROJECT_ROOT
from bot.ops.cluster import Cluster
from bot.ops.serve import RASA, SERVER_ENV, Servers, free_port, spawn, terminate, wait_until_up
from bot.server.agent import load_agent

# Each list is one visitor's conversation: FAQs, booking, contact details, a red flag.
CLINIC_CONVERSATIONS = (
    ("Hello", "Is acupuncture good for back pain?", "How many sessions will I need?",
     "I'd like to book an appointment", "thanks, bye"),
    ("hi there", "does acupuncture hurt?", "what are your opening hours?", "goodbye"),
    ("Can acupuncture help with sciatica?", "is it safe?", "can I book online?", "thank you"),
    ("I have sudden chest pain and my left arm is numb", "what should I do?"),
)
# The stock bot's own examples (rasa init's data/nlu.yml) and its stories.
STOCK_CONVERSATIONS = (
    ("hello", "I am sad", "yes", "bye"),
    ("hi", "are you a bot?", "great", "goodbye"),
    ("hey there", "my day was horrible", "no", "see you later"),
    ("good morning", "I am amazing", "bye"),
)
STOCK_DIR = PROJECT_ROOT / "build" / "bench" / "stock-rasa"
WARM_UP_SECONDS = 3.0  # at the start of each round, not counted: new conversations ramp up
NLU_BATCH_SIZES = (1, 2, 4, 8)


@dataclass
class Bot:
    """A running setup to drive: its name, Rasa server processes, webhooks and conversations."""
    name: str
    pids: Sequence[int]
    webhooks: Sequence[str]
    conversations: Sequence[Sequence[str]]


@dataclass
class LoadResult:
    """What a bot did over all its rounds."""
    bot: str
    concurrency: int
    seconds: float = 0.0
    messages: int = 0
    errors: int = 0
    latencies_ms: List[float] = field(default_factory=list, repr=False)
    answered: int = 0  # warm-ups included: what the server's CPU time is divided by
    server_cpu_seconds: float = 0.0
    server_memory_mb: Optional[float] = None
    round_throughputs: List[float] = field(default_factory=list)

    @property
    def throughput(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0

    @property
    def server_cpu_ms_per_message(self) -> Optional[float]:
        return self.server_cpu_seconds * 1000 / self.answered if self.answered else None

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")

    def summary(self) -> Dict[str, float]:
        cpu = self.server_cpu_ms_per_message
        return {
            "bot": self.bot, "concurrency": self.concurrency, "seconds": round(self.seconds, 1),
            "messages": self.messages, "errors": self.errors,
            "messages_per_second": round(self.throughput, 1),
            "p50_ms": round(self.percentile(0.50), 1), "p95_ms": round(self.percentile(0.95), 1),
            "p99_ms": round(self.percentile(0.99), 1),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 1) if self.latencies_ms else None,
            "server_cpu_ms_per_message": cpu and round(cpu, 1),
            "server_memory_mb": self.server_memory_mb and round(self.server_memory_mb),
        }


async def drive(webhooks: Sequence[str], conversations: Sequence[Sequence[str]], result: LoadResult,
                seconds: float, warm_up: float = WARM_UP_SECONDS) -> None:
    """`result.concurrency` visitors, each holding one conversation after another with one
    of the webhooks (in turn), for `seconds` after a warm-up; adds to `result` the messages
    sent and answered inside that window."""
    loop = asyncio.get_running_loop()
    start = loop.time() + warm_up
    end = start + seconds
    scripts = itertools.cycle(conversations)

    async def visitor(session: aiohttp.ClientSession, webhook: str) -> None:
        while loop.time() < end:
            sender = uuid.uuid4().hex
            for text in next(scripts):
                sent = loop.time()
                if sent >= end:
                    return
                ok = await send(session, webhook, sender, text)
                answered = loop.time()
                result.answered += 1
                if sent >= start and answered <= end:
                    result.messages += 1
                    result.errors += not ok
                    result.latencies_ms.append((answered - sent) * 1000)

    connector = aiohttp.TCPConnector(limit=result.concurrency)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=60)) as session:
        await asyncio.gather(*(visitor(session, webhooks[number % len(webhooks)])
                               for number in range(result.concurrency)))
    result.seconds += seconds


async def send(session: aiohttp.ClientSession, webhook: str, sender: str, text: str) -> bool:
    """True when the bot answered with at least one message."""
    try:
        async with session.post(webhook, json={"sender": sender, "message": text}) as response:
            return response.status == 200 and bool(await response.json())
    except (aiohttp.ClientError, asyncio.TimeoutError, json.JSONDecodeError):
        return False


def bench_credentials(directory: Path) -> Path:
    """credentials.yml with the per-address limit lifted: every simulated visitor is 127.0.0.1."""
    credentials = yaml.safe_load((PROJECT_ROOT / "credentials.yml").read_text())
    for channel in ("bot.server.channels.rest.RestChannel", "bot.server.channels.socketio.WidgetChannel"):
        credentials[channel]["messages_per_minute_per_address"] = 1_000_000
    path = directory / "credentials.yml"
    path.write_text(yaml.safe_dump(credentials))
    return path


def drive_round(bot: Bot, result: LoadResult, seconds: float) -> None:
    """One round of drive(), and what it cost the Rasa server processes: CPU in all, memory
    of the largest."""
    before, messages = sum(cpu_seconds(pid) for pid in bot.pids), result.messages
    asyncio.run(drive(bot.webhooks, bot.conversations, result, seconds))
    result.server_cpu_seconds += sum(cpu_seconds(pid) for pid in bot.pids) - before
    result.round_throughputs.append((result.messages - messages) / seconds)
    result.server_memory_mb = max([result.server_memory_mb or 0.0, *(memory_mb(pid) for pid in bot.pids)])


def load_in_rounds(bots: Sequence[Bot], concurrency: int, seconds: float, rounds: int) -> List[LoadResult]:
    """`seconds` of load for each bot, in `rounds` turns: A B C, A B C, ..."""
    results = [LoadResult(bot.name, concurrency) for bot in bots]
    for _ in range(rounds):
        for bot, result in zip(bots, results, strict=True):
            drive_round(bot, result, seconds / rounds)
    return results


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (/proc/<pid>/stat, fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) / 1024


def nlu_cost_by_batch(model: Path, repeats: int = 5) -> Dict[int, float]:
    """CPU milliseconds per message of the assistant's NLU graph (all threads of this
    process), by how many of the conversations' messages one run of it understands,
    set up as the server sets it up (its graph runner, one BLAS thread)."""
    from rasa.core.channels.channel import UserMessage
    from threadpoolctl import threadpool_limits

    parser = asyncio.run(load_agent(str(model))).processor.batched_parser
    messages = [(UserMessage(text), True) for conversation in CLINIC_CONVERSATIONS for text in conversation]
    costs = {}
    with threadpool_limits(1, user_api="blas"):
        parser.understand(messages)  # builds what is built on first use
        for size in NLU_BATCH_SIZES:
            started = time.process_time()
            for _ in range(repeats):
                for start in range(0, len(messages), size):
                    parser.understand(messages[start:start + size])
            costs[size] = (time.process_time() - started) * 1000 / (repeats * len(messages))
    return costs


def start_clinic_assistant(stack: ExitStack, model: Path, work: Path) -> Bot:
    servers = stack.enter_context(Servers(model, free_port(), free_port(), log_dir=work / "logs",
                                          tracker_db=work / "conversations.db", credentials=bench_credentials(work)))
    return Bot("clinic assistant (make run)", [servers.rasa_pid], [f"{servers.rasa_url}/webhooks/rest/webhook"],
               CLINIC_CONVERSATIONS)


def start_production_profile(stack: ExitStack, model: Path, work: Path) -> Bot:
    cluster = stack.enter_context(Cluster(model, work / "cluster", replicas=2, credentials=bench_credentials(work)))
    return Bot("clinic assistant (2 replicas, PostgreSQL, Redis)", cluster.replica_pids,
               [f"{cluster.replica_url(index)}/webhooks/rest/webhook" for index in range(2)], CLINIC_CONVERSATIONS)


def stock_model() -> Path:
    """A stock `rasa init` project, created and trained once into build/bench/."""
    models = STOCK_DIR / "models"
    if not any(models.glob("*.tar.gz")):
        shutil.rmtree(STOCK_DIR, ignore_errors=True)
        STOCK_DIR.mkdir(parents=True)
        subprocess.run([RASA, "init", "--no-prompt", "--init-dir", str(STOCK_DIR)], cwd=STOCK_DIR, check=True,
                       env={**os.environ, **SERVER_ENV}, stdout=subprocess.DEVNULL)
    return max(models.glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)


def start_stock_rasa(stack: ExitStack, work: Path) -> Bot:
    port = free_port()
    process = spawn([RASA, "run", "--port", str(port), "--model", str(stock_model()),
                     "--credentials", str(STOCK_DIR / "credentials.yml")], work / "stock-rasa.log", cwd=STOCK_DIR)
    stack.callback(terminate, process)
    wait_until_up(process, f"http://localhost:{port}/webhooks/rest/", "stock rasa", 180)
    return Bot("stock rasa init", [process.pid], [f"http://localhost:{port}/webhooks/rest/webhook"],
               STOCK_CONVERSATIONS)


def write_report(results: List[LoadResult], nlu_costs: Dict[int, float], out: Path) -> Path:
    """The last result is stock Rasa's; every other one is compared with it."""
    rows = [result.summary() for result in results]
    stock = rows[-1]
    ratios = {row["bot"]: round(row["messages_per_second"] / stock["messages_per_second"], 2)
              for row in rows[:-1] if stock["messages_per_second"]}
    round_ratios = {result.bot: [round(ours / theirs, 2) for ours, theirs
                                 in zip(result.round_throughputs, results[-1].round_throughputs, strict=True) if theirs]
                    for result in results[:-1]}
    data = {"machine": machine(), "rounds": len(results[-1].round_throughputs), "results": rows,
            "throughput_ratio_to_stock": ratios, "throughput_ratio_to_stock_by_round": round_ratios,
            "nlu_cpu_ms_per_message_by_batch": {size: round(cost, 1) for size, cost in nlu_costs.items()}}
    out.mkdir(parents=True, exist_ok=True)
    (out / "load-benchmark.json").write_text(json.dumps(data, indent=2) + "\n")
    columns = ("bot", "concurrency", "messages", "errors", "messages_per_second", "p50_ms", "p95_ms", "p99_ms",
               "server_cpu_ms_per_message", "server_memory_mb")
    lines = [
        "# Load benchmark: REST webhook, concurrent conversations",
        "",
        f"Machine: {data['machine']}. Each bot ran alone on it for {stock['seconds']:.0f} s in all, in "
        f"{data['rounds']} rounds taken in turn with the others, each after a {WARM_UP_SECONDS:.0f} s warm-up, "
        "driven by the same client (bot/bench/load.py). CPU is the Rasa server processes' own, per answered "
        "message.",
        "",
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
        *("| " + " | ".join(str(row[column]) for column in columns) + " |" for row in rows),
        "",
        *(f"Throughput, {bot} / stock: **{ratio}×** (rounds: {min(round_ratios[bot])}× to "
          f"{max(round_ratios[bot])}×)." for bot, ratio in ratios.items()),
        "",
        "Understanding a message (the assistant's NLU graph), CPU per message by how many "
        "messages one run of it understands together:",
        "",
        "| messages at once | " + " | ".join(str(size) for size in nlu_costs) + " |",
        "|---|" + "---|" * len(nlu_costs),
        "| CPU ms per message | " + " | ".join(f"{cost:.1f}" for cost in nlu_costs.values()) + " |",
        "",
    ]
    path = out / "load-benchmark.md"
    path.write_text("\n".join(lines))
    return path


def machine() -> str:
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=PROJECT_ROOT / "models" / "clinic.tar.gz")
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60.0, help="of load for each bot, all rounds together")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "reports")
    args = parser.parse_args(argv)
    work = args.out / "load-run"  # servers' logs and the benchmark's conversations, kept for a look
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    nlu_costs = nlu_cost_by_batch(args.model)
    with ExitStack() as stack:
        bots = [start_clinic_assistant(stack, args.model, work), start_production_profile(stack, args.model, work),
                start_stock_rasa(stack, work)]
        results = load_in_rounds(bots, args.concurrency, args.seconds, args.rounds)
    for result in results:
        print(result.summary())
    print(f"Report: {write_report(results, nlu_costs, args.out)}")


if __name__ == "__main__":
    main()
