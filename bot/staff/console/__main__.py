"""`python -m bot.staff.console serve --port 8090`: the console under gunicorn.

It makes the database and the session key the first time; staff accounts come from
`bot staff add`. It listens on localhost unless told otherwise (README, "Security").
"""
import argparse
import os
import sys
from pathlib import Path

from bot.staff.console.accounts import ensure_secret_key, open_console_database

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.staff.console")
    parser.add_argument("command", choices=["serve"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("CONSOLE_PORT", "8090")))
    arguments = parser.parse_args()
    open_console_database()
    ensure_secret_key()
    # Two threads: a publish or a check runs in the background while pages still answer.
    os.execv(GUNICORN, [GUNICORN, "--bind", f"{arguments.host}:{arguments.port}", "--workers", "1",
                        "--threads", "4", "--no-control-socket", "--access-logfile", "-", "bot.staff.console.wsgi:application"])


if __name__ == "__main__":
    main()
