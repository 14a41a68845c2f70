"""Run the action server and the Rasa server together.

`make run` uses this, and so do the end-to-end tests, so both start the assistant the
same way:

    python -m bot.ops.serve --model models/clinic.tar.gz --rasa-port 5005 --actions-port 5055
"""
from __future__ import annotations

import argparse
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any, Dict, List, Mapping, Optional

import requests
import yaml
from rasa.shared.utils.io import read_yaml_file

from bot.contract import PROJECT_ROOT
from bot.clinic import ClinicSettings, SettingsError, load_clinic_settings, settings_file
from bot.ops.retention import DailyPurge, database_url
from bot.server.credentials import configured_channels
from bot.ops.supervisor import SupervisedProcess
from bot.ops.widget_server import WidgetServer

RASA = str(Path(sys.executable).with_name("rasa"))
# The Rasa server runs through Rasa's command line with the project's fixes (bot/server/rasa_server.py);
# the action server without Rasa (bot/ops/action_server.py: 56 MB resident instead of 574 MB).
RASA_SERVER = [sys.executable, "-m", "bot.server.rasa_server"]
ACTION_SERVER = [sys.executable, "-m", "bot.ops.action_server", "--actions", "actions"]
# The staff's console, a Django application under gunicorn (bot/staff/console): started by
# command, not imported, as it stands above this layer.
CONSOLE = [sys.executable, "-m", "bot.staff.console", "serve"]
DRAFT_SERVER = [sys.executable, "-m", "bot.ops.draft_server"]
MODEL_PULL_SECONDS = 3  # how often a Rasa server asks the console for a newly published model
# Nothing a visitor types may leave the clinic's servers: no telemetry, ever.
SERVER_ENV = {
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
}


class ServerError(RuntimeError):
    """A server did not come up; the message says which and where its log is."""


class Servers:
    """The action server and the Rasa server (its channels; the HTTP API with a token) as processes,
    and, given a widget port, the website widget's files and demo page from a thread."""

    def __init__(self, model: Path, rasa_port: int, actions_port: int, log_dir: Optional[Path] = None,
                 tracker_db: Optional[Path] = None, credentials: Path = PROJECT_ROOT / "credentials.yml",
                 api_token: Optional[str] = None, widget_port: Optional[int] = None,
                 endpoints: Path = PROJECT_ROOT / "endpoints.yml", console_port: Optional[int] = None,
                 draft_port: Optional[int] = None):
        self.model = model
        self.endpoints = endpoints  # endpoints.production.yml selects the production profile
        self.api_token = api_token  # Rasa's HTTP API is on only with a token: it can read and change conversations
        self.tracker_db = tracker_db  # instead of endpoints.yml's SQLite file
        self.credentials = credentials  # bot.server.rasa_server leaves off the channels missing their variables
        _, self.channels_off = configured_channels(credentials, os.environ)
        self.rasa_url = f"http://localhost:{rasa_port}"
        self.actions_url = f"http://localhost:{actions_port}"
        self.widget_url = f"http://localhost:{widget_port}" if widget_port else None
        self._widget_port = widget_port
        self._widget: Optional[WidgetServer] = None
        self.console_url = f"http://localhost:{console_port}" if console_port else None
        self._console_port = console_port
        self._console: Optional[SupervisedProcess] = None
        # the console's "Try it" talks to a Rasa server of its own, which loads the newest draft
        self.draft_url = f"http://localhost:{draft_port}" if console_port and draft_port else None
        self._draft_port = draft_port
        self._draft: Optional[SupervisedProcess] = None
        self._model_token = secrets.token_urlsafe(32)  # the Rasa server's, to fetch the published model
        self._rasa_port, self._actions_port = rasa_port, actions_port
        self._log_dir = log_dir
        self._actions: Optional[SupervisedProcess] = None
        self._rasa: Optional[SupervisedProcess] = None
        self._endpoints: Optional[Path] = None
        self._purge: Optional[DailyPurge] = None

    def start(self, timeout: float = 180.0) -> None:
        clinic = load_clinic_settings(settings_file())  # as the servers read it
        self.start_actions(timeout)
        endpoints = self._endpoints_config()
        url = database_url(endpoints.get("tracker_store"), PROJECT_ROOT)
        if url is not None:  # conversations past the clinic's retention period go, now and daily
            self._purge = DailyPurge(url, clinic.keep_conversations_days)
            self._purge.start()
        if self._widget_port:
            self._widget = WidgetServer(self._widget_port, {**clinic.template_values(), **widget_values(clinic),
                                                            "server": self.rasa_url})
            self._widget.start()
        if self._console_port:  # the Rasa server loads each model published in the console (Rasa's model server)
            # the token in a header, so that no access log records it
            endpoints["models"] = model_server(self.console_url, "live", self._model_token)
        self._endpoints = _temporary_yaml("endpoints", endpoints)
        api = ["--enable-api", "--auth-token", self.api_token] if self.api_token else []
        origins = self.allowed_origins(clinic)
        cors = ["--cors", *origins] if origins else []
        self._rasa = self._supervised(
            "rasa",
            [*RASA_SERVER, "run", *api, *cors, "--port", str(self._rasa_port), "--model", str(self.model),
             "--endpoints", str(self._endpoints), "--credentials", str(self.credentials)],
        )
        # the REST channel's health route answers once the model is loaded
        self._wait(self._rasa.start(), f"{self.rasa_url}/webhooks/rest/", "rasa", timeout)
        if self._console_port:
            self._start_console(timeout)

    def _start_console(self, timeout: float) -> None:
        """The staff console and, for its Try it, the draft assistant, started side by side."""
        self._console = self._supervised("console", [*CONSOLE, "--port", str(self._console_port)],
                                         {"CONSOLE_MODEL_TOKEN": self._model_token,
                                          # the tracker store the Rasa server writes, for the missed questions
                                          "CONSOLE_ENDPOINTS": str(self._endpoints),
                                          "CONSOLE_DRAFT_URL": self.draft_url or ""})
        console = self._console.start()
        draft = self._start_draft() if self.draft_url else None
        self._wait(console, f"{self.console_url}/sign-in/", "console", timeout)
        if draft is not None:
            self._wait(draft, f"{self.draft_url}/webhooks/rest/", "draft", timeout)

    def _start_draft(self) -> subprocess.Popen:
        """The console's "Try it" assistant (bot/ops/draft_server.py), with this action server."""
        self._draft = self._supervised(
            "draft", [*DRAFT_SERVER, "--console", self.console_url, "--port", str(self._draft_port),
                      "--model", str(self.model), "--endpoints", str(self._endpoints),
                      "--credentials", str(self.credentials)],
            {"CONSOLE_MODEL_TOKEN": self._model_token})
        return self._draft.start()

    @property
    def rasa_pid(self) -> Optional[int]:
        return self._rasa.process.pid if self._rasa and self._rasa.process else None

    def allowed_origins(self, clinic: ClinicSettings) -> List[str]:
        """The web pages whose browsers may talk to the assistant: the clinic's sites, the demo page."""
        demo = [f"http://{host}:{self._widget_port}" for host in ("localhost", "127.0.0.1")] \
            if self._widget_port else []
        return [*clinic.website_origins, *demo]

    def start_actions(self, timeout: float = 60.0) -> None:
        self._actions = self._supervised(
            "actions", [*ACTION_SERVER, "--port", str(self._actions_port)]
        )
        self._wait(self._actions.start(), f"{self.actions_url}/health", "actions", timeout)

    def stop_actions(self) -> None:
        terminate(self._actions.process if self._actions else None)
        self._actions = None

    def stop(self) -> None:
        if self._purge is not None:
            self._purge.stop()
            self._purge = None
        for server in (self._console, self._draft, self._rasa):
            terminate(server.process if server else None)
        self.stop_actions()
        self._rasa = self._console = self._draft = None
        if self._widget is not None:
            self._widget.stop()
            self._widget = None
        if self._endpoints is not None:
            self._endpoints.unlink(missing_ok=True)
            self._endpoints = None

    def supervise(self, stopping: threading.Event) -> None:
        """Until `stopping` is set, start again whichever server exits (bot.ops.supervisor); the
        other keeps serving, and conversations wait in the tracker store."""
        while not stopping.wait(0.5):
            for server in (self._rasa, self._actions, self._console, self._draft):
                if server is not None:
                    server.check()

    def __enter__(self) -> "Servers":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _endpoints_config(self) -> Dict[str, Any]:
        """The endpoints file, its ${VARIABLES} filled in, pointed at this action server's port."""
        endpoints = read_yaml_file(self.endpoints) or {}
        endpoints["action_endpoint"] = {**endpoints.get("action_endpoint", {}), "url": f"{self.actions_url}/webhook"}
        if self.tracker_db is not None:
            endpoints["tracker_store"] = {**endpoints.get("tracker_store", {}), "dialect": "sqlite",
                                          "db": str(self.tracker_db)}
        return endpoints

    def _supervised(self, name: str, args: List[str], environment: Optional[Dict[str, str]] = None) -> SupervisedProcess:
        log = self._log_dir / f"{name}.log" if self._log_dir else None
        return SupervisedProcess(name, lambda: spawn(args, log, environment=environment))

    def _wait(self, process: subprocess.Popen, url: str, name: str, timeout: float) -> None:
        wait_until_up(process, url, name, timeout, self._log_hint(name))

    def _log_hint(self, name: str) -> str:
        return f" (log: {self._log_dir / f'{name}.log'})" if self._log_dir else ""


def model_server(console_url: str, path: str, token: str) -> Dict[str, Any]:
    """Rasa's `models:` endpoint for a model the console serves, the token in a header (never in a logged URL)."""
    return {"url": f"{console_url}/models/{path}", "headers": {"Authorization": f"Bearer {token}"},
            "wait_time_between_pulls": MODEL_PULL_SECONDS}


def spawn(command: List[str], log: Optional[Path], cwd: Path = PROJECT_ROOT,
          environment: Optional[Mapping[str, str]] = None) -> subprocess.Popen:
    """A server process in its own process group (so `terminate` stops its children too),
    telemetry off, its output appended to `log` (or this process's own output)."""
    handle: Optional[IO] = None
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        handle = open(log, "ab")
    try:
        return subprocess.Popen(command, cwd=cwd, env={**os.environ, **SERVER_ENV, **(environment or {})},
                                stdout=handle, stderr=subprocess.STDOUT if handle else None,
                                start_new_session=True)
    finally:
        if handle is not None:
            handle.close()  # the child keeps its own copy


def free_port() -> int:
    """A port nothing listens on now, for servers started by tests and benchmarks."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(process: subprocess.Popen, url: str, name: str, timeout: float, log_hint: str = "") -> None:
    """Return once `url` answers 2xx; ServerError if the process exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"the {name} server exited with {process.returncode}{log_hint}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise ServerError(f"the {name} server did not answer {url} within {timeout:.0f} s{log_hint}")


def widget_values(clinic: ClinicSettings) -> Dict[str, str]:
    """The settings the demo page's widget shows besides the clinic's facts."""
    return {"keep_conversations_days": str(clinic.keep_conversations_days), "privacy_url": clinic.privacy_url or ""}


def api_text(servers: Servers) -> str:
    if not servers.api_token:
        return "off (set RASA_API_TOKEN to turn it on; every call must then carry ?token=...)"
    return f"{servers.rasa_url}/model/parse?token=... (RASA_API_TOKEN)"


def channels_off_text(off: Dict[str, List[str]]) -> str:
    return "".join(f"\n    {channel.rsplit('.', 1)[-1]}: set {', '.join(names)}" for channel, names in off.items()) \
        or " none"


def _temporary_yaml(prefix: str, content: Dict[str, Any]) -> Path:
    handle = tempfile.NamedTemporaryFile("w", prefix=f"{prefix}-", suffix=".yml", delete=False)
    with handle:
        yaml.safe_dump(content, handle)
    return Path(handle.name)


def terminate(process: Optional[subprocess.Popen]) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=PROJECT_ROOT / "models" / "clinic.tar.gz")
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--actions-port", type=int, default=5055)
    parser.add_argument("--widget-port", type=int, default=8080)
    parser.add_argument("--console-port", type=int, default=8090)
    parser.add_argument("--draft-port", type=int, default=5006, help="the console's Try it assistant (localhost)")
    parser.add_argument("--endpoints", type=Path, default=PROJECT_ROOT / os.environ.get("ENDPOINTS", "endpoints.yml"),
                        help="endpoints.yml (default), or endpoints.production.yml for PostgreSQL and Redis")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    servers = Servers(args.model, args.rasa_port, args.actions_port, api_token=os.environ.get("RASA_API_TOKEN"),
                      widget_port=args.widget_port, endpoints=args.endpoints, console_port=args.console_port,
                      draft_port=args.draft_port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        servers.start()
        print(
            f"\nThe assistant is running.\n"
            f"  Demo page:    {servers.widget_url}/  (the website chat widget)\n"
            f"  REST webhook: {servers.rasa_url}/webhooks/rest/webhook\n"
            f"  HTTP API:     {api_text(servers)}\n"
            f"  Actions:      {servers.actions_url}/health\n"
            f"  Console:      {servers.console_url}/  (staff; add an account first: bot staff add NAME --role owner)\n"
            f"  Draft:        {servers.draft_url}  (the console's Try it; localhost only)\n"
            f"  Channels off:{channels_off_text(servers.channels_off)}\n"
            f"Try: curl -s -X POST {servers.rasa_url}/webhooks/rest/webhook "
            f"-H 'Content-Type: application/json' "
            f"-d '{{\"sender\": \"visitor-1\", \"message\": \"Is acupuncture good for back pain?\"}}'\n"
            f"Stop with Ctrl-C.\n",
            flush=True,
        )
        servers.supervise(threading.Event())  # until Ctrl-C or SIGTERM
    except (ServerError, SettingsError, OSError) as error:
        sys.exit(f"Could not start the assistant: {error}")
    except KeyboardInterrupt:
        pass
    finally:
        servers.stop()


if __name__ == "__main__":
    main()
