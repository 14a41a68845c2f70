"""make bench-console: from "add an example" in the console to the live assistant answering
the new way, in its parts (train, check, swap), with visitors talking to the assistant all
the while; reports/console-benchmark.md.

The assistant runs as `make run` starts it (its Servers, the console among them) on a
scratch copy of the project, which shares the checkout's Rasa training cache and spaCy
pipeline as a clinic's installation has its own. Two publishes in a row: the first also
scores the live model on the held-out questions, the second finds that score kept.
"""
from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import requests
import yaml

from bot.contract import PROJECT_ROOT
from bot.ops.serve import Servers, free_port

PASSWORD = "benchmark-owner-password"
TOPIC = "other_conditions"
# Questions no topic answered before: each publish teaches one of them.
NEW_EXAMPLES = ["do u do anything for a sore heel", "is needling any use for tennis elbow"]
VISITOR_QUESTIONS = ["how many sessions will I need?", "is acupuncture safe?", "do you have parking?",
                     "can I book online?", "what should I wear?"]
WEBSITE_CHANNELS = ("bot.server.channels.rest.RestChannel", "bot.server.channels.socketio.WidgetChannel")
THINK_SECONDS = 1.0  # between a visitor's messages
TEXTAREA = re.compile(r'<textarea name="(\w+)"[^>]*>(.*?)</textarea>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def scratch_project(directory: Path) -> Path:
    for name in ("data", "docs"):
        shutil.copytree(PROJECT_ROOT / name, directory / name)
    for name in ("domain.yml", "config.yml", "clinic.yml", "credentials.yml", "endpoints.yml"):
        shutil.copy2(PROJECT_ROOT / name, directory / name)
    (directory / "tests/heldout").mkdir(parents=True)
    shutil.copy2(PROJECT_ROOT / "tests/heldout/visitor_questions.yml", directory / "tests/heldout")
    (directory / "models").mkdir()
    shutil.copy2(PROJECT_ROOT / "models/clinic.tar.gz", directory / "models")
    for shared in (".rasa", "build"):
        (directory / shared).symlink_to(PROJECT_ROOT / shared)
    return directory


def unlimited_credentials(directory: Path) -> Path:
    """credentials.yml with the website channels' per-visitor limits lifted: every benchmark
    visitor writes from 127.0.0.1."""
    credentials = yaml.safe_load((PROJECT_ROOT / "credentials.yml").read_text())
    for channel in WEBSITE_CHANNELS:
        credentials[channel].update(messages_per_minute_per_address=100_000,
                                    messages_per_minute_per_conversation=100_000)
    path = directory / "credentials.yml"
    path.write_text(yaml.safe_dump(credentials))
    return path


class Staff:
    """An owner signed in to the console over HTTP, as a browser is."""

    def __init__(self, url: str, environment: Dict[str, str]) -> None:
        subprocess.run([sys.executable, "-m", "bot.staff.cli", "staff", "add", "bench", "--role", "owner"],
                       input=f"{PASSWORD}\n{PASSWORD}\n", text=True, check=True, capture_output=True,
                       env={**os.environ, **environment})
        self.url, self.session = url, requests.Session()
        self.post("/sign-in/", {"username": "bench", "password": PASSWORD}, page="/sign-in/")

    def post(self, path: str, data: Dict[str, str], page: Optional[str] = None) -> requests.Response:
        form = self.session.get(self.url + (page or path), timeout=30).text
        response = self.session.post(self.url + path, data={**data, "csrfmiddlewaretoken": CSRF.search(form)[1]},
                                     headers={"Referer": self.url + (page or path)}, timeout=60)
        response.raise_for_status()
        return response

    def add_example(self, topic: str, question: str) -> None:
        form = self.session.get(f"{self.url}/topics/{topic}/", timeout=30).text
        fields = {name: html.unescape(value) for name, value in TEXTAREA.findall(form)}
        fields.update(HIDDEN.findall(form))
        fields["questions"] = fields["questions"].rstrip("\n") + f"\n{question}"
        self.post(f"/topics/{topic}/", fields)

    def publish(self) -> int:
        return int(self.post("/publish/start/", {}, page="/publish/").url.rstrip("/").rsplit("/", 1)[1])


@dataclass
class Visitors:
    """Conversations sent to the assistant without pause while the model changes."""
    url: str
    concurrency: int
    latencies: List[float] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> None:
        self.threads = [threading.Thread(target=self.talk, daemon=True) for _ in range(self.concurrency)]
        for thread in self.threads:
            thread.start()

    def talk(self) -> None:
        sender, turn = uuid.uuid4().hex, 0
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                reply = requests.post(f"{self.url}/webhooks/rest/webhook", timeout=30, json={
                    "sender": sender, "message": VISITOR_QUESTIONS[turn % len(VISITOR_QUESTIONS)]})
                if reply.status_code != 200 or not reply.json():
                    self.errors.append(f"{reply.status_code} {reply.text[:80]}")
            except requests.RequestException as error:
                self.errors.append(str(error))
            self.latencies.append(time.monotonic() - started)
            turn += 1
            self.stop.wait(THINK_SECONDS)

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()


def answer_text(url: str, question: str) -> str:
    reply = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": uuid.uuid4().hex, "message": question},
                          timeout=30).json()
    return " ".join(message.get("text", "") for message in reply)


def publication(database: Path, pk: int) -> Dict[str, object]:
    with sqlite3.connect(database) as connection:
        connection.row_factory = sqlite3.Row
        row = connection.execute("SELECT * FROM console_publication WHERE id = ?", (pk,)).fetchone()
    return dict(row) if row else {}


def seconds_between(start: str, end: str) -> float:
    from datetime import datetime
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def measure(servers: Servers, staff: Staff, database: Path, question: str, concurrency: int) -> Dict[str, object]:
    topic_answer = yaml.safe_load((PROJECT_ROOT / "data/faq" / f"{TOPIC}.yml").read_text())
    expected = topic_answer["responses"][f"utter_faq/{TOPIC}"][0]["text"].split("{")[0][:40]
    answered_before = expected in answer_text(servers.rasa_url, question)
    visitors = Visitors(servers.rasa_url, concurrency)
    visitors.start()
    started = time.monotonic()
    staff.add_example(TOPIC, question)
    pk = staff.publish()
    while True:
        state = publication(database, pk)
        if state.get("live_at") or state.get("status") in ("refused", "failed"):
            break
        time.sleep(0.5)
    live = time.monotonic() - started
    time.sleep(5)  # visitors go on a little after the swap
    visitors.finish()
    return {"question": question, "answered before": answered_before,
            "answered after": expected in answer_text(servers.rasa_url, question),
            "status": state["status"], "full training": bool(state["full_training"]),
            "train": state["train_seconds"], "check": state["check_seconds"],
            "swap": seconds_between(state["published_at"], state["live_at"]) if state.get("live_at") else None,
            "change to live": live, "messages": len(visitors.latencies), "errors": len(visitors.errors),
            "error examples": visitors.errors[:3], "p95": percentile(visitors.latencies, 0.95),
            "max": max(visitors.latencies, default=0.0), "median": statistics.median(visitors.latencies or [0.0])}


def percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def report(runs: List[Dict[str, object]], concurrency: int) -> str:
    lines = ["# Console benchmark: from a new example to the live assistant answering it", "",
             f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores. Each run: an owner adds an "
             f"example question to `{TOPIC}` in the console and presses \"Check and publish\", while "
             f"{concurrency} visitors talk to the assistant (REST channel, a message each {THINK_SECONDS:.0f} s "
             "after the last reply).", "",
             "| run | training | train | check | swap | change to live | answered before → after | "
             "visitor messages | errors | median / p95 / max reply |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for number, run in enumerate(runs, 1):
        lines.append(
            f"| {number} | {'everything' if run['full training'] else 'incremental'} | {run['train']:.0f} s | "
            f"{run['check']:.0f} s | {run['swap'] if run['swap'] is None else format(run['swap'], '.0f') + ' s'} | "
            f"**{run['change to live']:.0f} s** | {run['answered before']} → {run['answered after']} | "
            f"{run['messages']} | {run['errors']} | {run['median']:.2f} / {run['p95']:.2f} / {run['max']:.2f} s |")
    lines += ["", "Run 1 also scores the live model on the held-out questions, while the draft trains (the "
              "scores are kept by fingerprint, so run 2 scores the draft alone). Swap: from the publish to the Rasa server reporting the new model "
              "loaded (it asks the console every 3 s). Errors: replies other than 200 with at least one message."]
    for run in runs:
        lines += [f"- error examples: {run['error examples']}"] if run["errors"] else []
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "reports")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-console-") as scratch:
        project = scratch_project(Path(scratch) / "project")
        data = Path(scratch) / "console"
        environment = {"CONSOLE_DATA_DIR": str(data), "CONSOLE_PROJECT": str(project),
                       "CLINIC_SETTINGS": str(project / "clinic.yml")}
        os.environ.update(environment)
        servers = Servers(project / "models/clinic.tar.gz", free_port(), free_port(), log_dir=Path(scratch) / "logs",
                          tracker_db=Path(scratch) / "conversations.db", console_port=free_port(),
                          credentials=unlimited_credentials(Path(scratch)))
        with servers:
            staff = Staff(servers.console_url, environment)
            runs = [measure(servers, staff, data / "console.sqlite3", question, args.concurrency)
                    for question in NEW_EXAMPLES]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "console-benchmark.md").write_text(report(runs, args.concurrency))
    print(report(runs, args.concurrency))


if __name__ == "__main__":
    main()
