"""The assistant as `make run` starts it (`python -m bot.ops.serve`), on free ports, with its
own conversations file: for the memory benchmark and the fault tests, which need its
processes as they really are."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Dict

import yaml

from bot.contract import PROJECT_ROOT
from bot.ops.serve import free_port, wait_until_up


SERVER_MODULES = {"rasa": "bot.server.rasa_server", "draft": "bot.server.rasa_server",
                  "actions": "bot.ops.action_server", "console": "bot.staff.console"}


class MakeRun:
    def __init__(self, model: Path, work: Path, log: Path) -> None:
        self.rasa_url = f"http://localhost:{free_port()}"
        self.actions_url = f"http://localhost:{free_port()}"
        self.console_url = f"http://localhost:{free_port()}"
        self.draft_url = f"http://localhost:{free_port()}"
        endpoints = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text())
        endpoints["tracker_store"]["db"] = str(work / "conversations.db")
        (work / "endpoints.yml").write_text(yaml.safe_dump(endpoints))
        self.log = log
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "wb") as handle:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot.ops.serve", "--model", str(model),
                 "--rasa-port", port(self.rasa_url), "--actions-port", port(self.actions_url),
                 "--widget-port", str(free_port()), "--console-port", port(self.console_url),
                 "--draft-port", port(self.draft_url),
                 "--endpoints", str(work / "endpoints.yml")],
                cwd=PROJECT_ROOT, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
                env={**os.environ, "CONSOLE_DATA_DIR": str(work / "console")})  # not the checkout's var/

    def up(self, url: str, name: str, timeout: float) -> None:
        wait_until_up(self.process, url, name, timeout, f" (log: {self.log})")

    def start(self, timeout: float = 240) -> "MakeRun":
        self.up(f"{self.rasa_url}/webhooks/rest/", "rasa", timeout)
        return self

    def server_pid(self, name: str) -> int:
        """The pid of the child running the Rasa server ("rasa"), the action server ("actions"),
        the staff console ("console") or its draft assistant ("draft")."""
        ports = {"rasa": f"--port {port(self.rasa_url)} ", "draft": f"--port {port(self.draft_url)} "}
        for pid, command in children(self.process.pid).items():
            if SERVER_MODULES[name] in command and ports.get(name, "") in command:
                return pid
        raise RuntimeError(f"no {name} server under bot.ops.serve: {children(self.process.pid)}")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)


def port(url: str) -> str:
    return url.rsplit(":", 1)[1]


def children(pid: int) -> Dict[int, str]:
    """pid → command line of the processes whose parent is `pid` (from /proc)."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, ValueError):
            continue  # it exited meanwhile
        if parent == pid:
            found[int(stat.parent.name)] = command
    return found


def resident_mb(pid: int) -> float:
    """Resident memory (VmRSS) of one process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"process {pid} has no VmRSS")
