"""`make bench-memory`: the memory of the whole assistant as `make run` starts it.

Starts `python -m bot.ops.serve` (bot.bench.make_run), talks to it as visitors do (FAQs, a
red flag, booking, which calls the action server), then reads each process's resident
memory (VmRSS) and writes reports/memory-benchmark.md and .json. About a minute.

    python -m bot.bench.memory [--out reports]
"""
from __future__ import annotations

import argparse
import json
import tempfile
import uuid
from pathlib import Path
from typing import Dict, Optional, Sequence

import requests

from bot.bench.load import machine
from bot.bench.make_run import MakeRun, resident_mb
from bot.contract import PROJECT_ROOT

# One conversation of each kind the servers handle, so each has loaded what it uses.
VISITOR_MESSAGES = (
    "Is acupuncture good for back pain?",
    "how many sessions will I need?",
    "how much does a session cost?",
    "I want to book an appointment",
    "I can't control my bladder and my back is killing me",
    "qwop flim plonk",
)


def measure(model: Path, work: Path) -> Dict[str, float]:
    """Resident MB of bot.ops.serve, its Rasa server and its action server, after a few conversations."""
    make_run = MakeRun(model, work, work / "make-run.log").start()
    try:
        make_run.up(f"{make_run.actions_url}/health", "actions", 60)
        make_run.up(f"{make_run.console_url}/sign-in/", "console", 60)
        make_run.up(f"{make_run.draft_url}/webhooks/rest/", "draft", 120)
        for message in VISITOR_MESSAGES:
            reply = requests.post(f"{make_run.rasa_url}/webhooks/rest/webhook",
                                  json={"sender": uuid.uuid4().hex, "message": message}, timeout=60)
            reply.raise_for_status()
        return {
            "rasa_server": resident_mb(make_run.server_pid("rasa")),
            "action_server": resident_mb(make_run.server_pid("actions")),
            "staff_console": resident_mb(make_run.server_pid("console")),
            "draft_assistant": resident_mb(make_run.server_pid("draft")),
            "bot_serve": resident_mb(make_run.process.pid),
        }
    finally:
        make_run.stop()


def write_report(memory: Dict[str, float], out: Path) -> Path:
    total = sum(memory.values())
    out.mkdir(parents=True, exist_ok=True)
    (out / "memory-benchmark.json").write_text(json.dumps(
        {"machine": machine(), "resident_mb": {**memory, "total": total}}, indent=2) + "\n")
    lines = ["# Memory: the assistant as `make run` starts it", "",
             f"Machine: {machine()}. Resident memory (VmRSS) of each process after "
             f"{len(VISITOR_MESSAGES)} conversations (bot/bench/memory.py).", "",
             "| process | MB |", "|---|---|",
             *(f"| {name.replace('_', ' ')} | {mb:.0f} |" for name, mb in memory.items()),
             f"| **total** | **{total:.0f}** |", ""]
    report = out / "memory-benchmark.md"
    report.write_text("\n".join(lines))
    return report


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=PROJECT_ROOT / "models" / "clinic.tar.gz")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "reports")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as work:
        memory = measure(args.model, Path(work))
    print(f"Report: {write_report(memory, args.out)}")


if __name__ == "__main__":
    main()
