"""Keeping a server process up: when it exits it is started again, after a wait that doubles
with each crash in a row (1 s, 2 s, 4 s … at most 30 s), so a server that cannot start does
not spin the machine. `bot.ops.serve` watches each of its servers this way; the others keep
serving meanwhile."""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from typing import Callable, Optional

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Backoff:
    first_seconds: float = 1.0
    longest_seconds: float = 30.0
    # A process that ran this long was healthy: its next crash waits `first_seconds` again.
    healthy_after_seconds: float = 60.0

    def delay(self, crashes_in_a_row: int) -> float:
        return min(self.first_seconds * 2 ** (crashes_in_a_row - 1), self.longest_seconds)


class SupervisedProcess:
    """One server process, started by `start` in its own process group (see `bot.ops.serve.spawn`)."""

    def __init__(self, name: str, start: Callable[[], subprocess.Popen], backoff: Backoff = Backoff(),
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.name = name
        self.process: Optional[subprocess.Popen] = None
        self.restarts = 0
        self._start = start
        self._backoff = backoff
        self._clock = clock
        self._started_at = 0.0
        self._crashes_in_a_row = 0
        self._restart_at: Optional[float] = None

    def start(self) -> subprocess.Popen:
        self.process = self._start()
        self._started_at = self._clock()
        return self.process

    def check(self) -> None:
        """Notice an exit and schedule the restart; start the process once its wait is over."""
        if self.process is None:
            return
        now = self._clock()
        if self._restart_at is None:
            if self.process.poll() is not None:
                self._schedule_restart(now)
        elif now >= self._restart_at:
            self._restart_at = None
            self.start()
            self.restarts += 1
            logger.warning("The %s server was started again (pid %d).", self.name, self.process.pid)

    def _schedule_restart(self, now: float) -> None:
        assert self.process is not None
        ran_for = now - self._started_at
        healthy = ran_for >= self._backoff.healthy_after_seconds
        self._crashes_in_a_row = 1 if healthy else self._crashes_in_a_row + 1
        wait = self._backoff.delay(self._crashes_in_a_row)
        logger.warning("The %s server exited with code %s after %.0f s; starting it again in %.0f s.",
                       self.name, self.process.returncode, ran_for, wait)
        kill_group(self.process.pid)  # a child left behind would keep the port
        self._restart_at = now + wait


def kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
