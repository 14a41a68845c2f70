"""A server that exits is started again after a wait that doubles while it keeps crashing."""
from __future__ import annotations

import subprocess
from typing import List

from bot.ops.supervisor import Backoff, SupervisedProcess


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def exits_at_once() -> subprocess.Popen:
    process = subprocess.Popen(["true"], start_new_session=True)
    process.wait()
    return process


def restart_waits(server: SupervisedProcess, clock: Clock, crashes: int) -> List[float]:
    """How long each of `crashes` exits in a row waited before the process was started again."""
    waits = []
    for _ in range(crashes):
        server.check()  # notices the exit
        before, restarts = clock.now, server.restarts
        while server.restarts == restarts:
            clock.now += 0.5
            server.check()
        waits.append(clock.now - before)
    return waits


def test_each_crash_in_a_row_doubles_the_wait_up_to_its_longest():
    clock = Clock()
    server = SupervisedProcess("actions", exits_at_once, Backoff(first_seconds=1, longest_seconds=8), clock)
    server.start()
    assert restart_waits(server, clock, 6) == [1, 2, 4, 8, 8, 8]


def test_after_a_healthy_spell_a_crash_waits_the_shortest_time_again():
    clock = Clock()
    server = SupervisedProcess("rasa", exits_at_once, Backoff(first_seconds=1, healthy_after_seconds=60), clock)
    server.start()
    assert restart_waits(server, clock, 3) == [1, 2, 4]
    clock.now += 60
    assert restart_waits(server, clock, 1) == [1]


def test_a_running_process_is_left_alone_and_a_killed_one_replaced_with_a_new_process():
    clock = Clock()
    server = SupervisedProcess("actions", lambda: subprocess.Popen(["sleep", "60"], start_new_session=True),
                               Backoff(first_seconds=1), clock)
    first = server.start()
    try:
        clock.now += 5
        server.check()
        assert server.process is first and server.restarts == 0
        first.kill()
        first.wait()
        server.check()
        assert server.process is first  # waiting its second
        clock.now += 1
        server.check()
        assert server.process is not first and server.process.poll() is None and server.restarts == 1
    finally:
        server.process.kill()
        server.process.wait()
