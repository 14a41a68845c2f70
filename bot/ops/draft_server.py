"""The draft assistant: the Rasa server behind the console's "Try it".

    python -m bot.ops.draft_server --console http://127.0.0.1:8090 --port 5006 \
        [--endpoints endpoints.yml] [--credentials credentials.yml] [--model models/clinic.tar.gz]

A Rasa server for staff only: on localhost, Rasa's REST channel alone, conversations kept
in memory (a staff member's tries are not visitors' conversations and stay out of the
insights), the same action server and answers as the live one. It pulls the newest
draft from the console (`/models/draft`, with CONSOLE_MODEL_TOKEN) as the live server pulls
the live model. `make run` (bot/ops/serve.py) and the systemd unit start it here.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

from bot.contract import PROJECT_ROOT
from bot.ops.serve import RASA_SERVER, model_server
from bot.server.credentials import REST_CHANNEL

SHARED_ENDPOINTS = ("action_endpoint", "nlg")  # the stores and the broker stay the live server's
# Rasa fills it in from the environment when it reads the file, so no file holds the token.
TOKEN_VARIABLE = "${CONSOLE_MODEL_TOKEN}"
FILES = PROJECT_ROOT / "var" / "draft-assistant"  # its endpoints and credentials, by port


def draft_endpoints(endpoints: Dict[str, Any], console_url: str) -> Dict[str, Any]:
    return {**{name: endpoints[name] for name in SHARED_ENDPOINTS if name in endpoints},
            "models": model_server(console_url, "draft", TOKEN_VARIABLE)}


def draft_credentials(credentials: Dict[str, Any]) -> Dict[str, Any]:
    return {REST_CHANNEL: credentials.get(REST_CHANNEL)}


def read(path: Path) -> Dict[str, Any]:
    """A YAML file as written: its ${VARIABLES} left for Rasa to fill in."""
    return yaml.safe_load(path.read_text()) or {}


def write(name: str, content: Dict[str, Any]) -> Path:
    FILES.mkdir(parents=True, exist_ok=True)
    path = FILES / name
    path.write_text(yaml.safe_dump(content))
    return path


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--console", required=True, help="the console's address, e.g. http://127.0.0.1:8090")
    parser.add_argument("--port", type=int, default=5006)
    parser.add_argument("--endpoints", type=Path, default=PROJECT_ROOT / "endpoints.yml")
    parser.add_argument("--credentials", type=Path, default=PROJECT_ROOT / "credentials.yml")
    parser.add_argument("--model", type=Path, default=PROJECT_ROOT / "models" / "clinic.tar.gz",
                        help="served until the console has a draft")
    args = parser.parse_args(argv)
    if not os.environ.get("CONSOLE_MODEL_TOKEN"):
        sys.exit("Set CONSOLE_MODEL_TOKEN, the console's, for the draft assistant to fetch drafts.")
    endpoints = write(f"endpoints-{args.port}.yml", draft_endpoints(read(args.endpoints), args.console))
    credentials = write(f"credentials-{args.port}.yml", draft_credentials(read(args.credentials)))
    # the Rasa server in this process: one process to supervise, its command line naming its port
    os.execv(sys.executable, [*RASA_SERVER, "run", "--interface", "127.0.0.1", "--port", str(args.port),
                              "--model", str(args.model), "--endpoints", str(endpoints),
                              "--credentials", str(credentials)])


if __name__ == "__main__":
    main()
