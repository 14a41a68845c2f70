"""The production profile on one machine: PostgreSQL, Redis, Rasa replicas behind nginx.

The scale-out tests start it (tests/e2e/test_scale_out.py), and so can a developer:

    python -m bot.ops.cluster --replicas 2 --port 8000

Each server is Debian's own package (`make cluster-packages` installs them), run as a
throwaway instance in a scratch directory on its own port, so nothing on the machine
is touched. The replicas run exactly as in production: `bot.server.rasa_server` with
endpoints.production.yml (PostgreSQL tracker store, Redis lock store), its ${VARIABLES}
set here, behind deploy/nginx.conf. Given a container image (`--image`, built by
`make image`), the replicas and the action server run from it, with podman. Given a
project for it (`--console`), the staff console runs beside them as in production: it
reads the PostgreSQL tracker store, and every replica pulls the model it publishes.
"""
from __future__ import annotations

import argparse
import glob
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional

import yaml

from bot.contract import PROJECT_ROOT
from bot.ops.draft_server import TOKEN_VARIABLE
from bot.ops.serve import (ACTION_SERVER, CONSOLE, RASA_SERVER, ServerError, free_port, model_server, spawn, terminate,
                           wait_until_up)

NGINX_TEMPLATE = PROJECT_ROOT / "deploy" / "nginx.conf"
# podman's settings for this project's containers: the host's network, runc (deploy/image/).
CONTAINERS_CONF = PROJECT_ROOT / "deploy" / "image" / "containers.conf"
PRODUCTION_ENDPOINTS = PROJECT_ROOT / "endpoints.production.yml"
DATABASE, DATABASE_USER = "clinic", "clinic"


def _as_postgres_user() -> List[str]:
    """PostgreSQL refuses to run as root: run its programs as the package's `postgres` user."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _postgres_bin(program: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{program}"))
    if not found:
        raise ServerError("PostgreSQL is not installed (make cluster-packages installs it)")
    return found[-1]


class Postgres:
    """A throwaway PostgreSQL server: its own data directory, port and socket."""

    def __init__(self) -> None:
        # Its own directory under /tmp: the postgres user may not enter the caller's.
        self.directory = Path(tempfile.mkdtemp(prefix="clinic-postgres-"))
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            os.chown(self.directory, postgres.pw_uid, postgres.pw_gid)
        self.port = free_port()
        self._data = self.directory / "data"

    def start(self) -> None:
        created = not self._data.exists()
        if created:
            self._run(_postgres_bin("initdb"), "-D", str(self._data), "-U", DATABASE_USER, "--auth=trust",
                      "--no-sync")
        self._run(_postgres_bin("pg_ctl"), "-D", str(self._data), "-l", str(self.directory / "postgres.log"),
                  "-o", f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off",
                  "-w", "start")
        if created:  # as the clinic's database administrator would, once
            self._run(_postgres_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", DATABASE_USER,
                      DATABASE)

    def stop(self) -> None:
        if (self._data / "postmaster.pid").exists():
            self._run(_postgres_bin("pg_ctl"), "-D", str(self._data), "-m", "fast", "-w", "stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    def _run(self, *command: str) -> None:
        done = subprocess.run([*_as_postgres_user(), *command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True, cwd=self.directory)
        if done.returncode:
            raise ServerError(f"{Path(command[0]).name} failed: {done.stderr.strip()} (log: {self.directory})")


class Cluster:
    """PostgreSQL, Redis, an action server, `replicas` Rasa servers and nginx in front."""

    def __init__(self, model: Path, directory: Path, replicas: int = 2, port: Optional[int] = None,
                 credentials: Path = PROJECT_ROOT / "credentials.yml", image: Optional[str] = None,
                 console_project: Optional[Path] = None) -> None:
        if image and console_project:
            raise ValueError("the console runs beside replicas started from the checkout, not from an image")
        self.model, self.directory, self.credentials = model, directory.resolve(), credentials
        self.image = image
        self.console_project = console_project
        self.console_url = f"http://127.0.0.1:{free_port()}" if console_project else None
        self._model_token = secrets.token_urlsafe(32)
        self._replica_endpoints = ""  # endpoints.production.yml, or its copy with the console's models endpoint
        self.postgres = Postgres()
        self.redis_port = free_port()
        self.actions_port = free_port()
        self.replica_ports = [free_port() for _ in range(replicas)]
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._processes: Dict[str, subprocess.Popen] = {}

    @property
    def replica_pids(self) -> List[int]:
        return [self._processes[f"rasa-{index}"].pid for index in range(len(self.replica_ports))]

    def replica_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.replica_ports[index]}"

    def environment(self) -> Dict[str, str]:
        """What endpoints.production.yml reads."""
        return {
            "ACTION_SERVER_URL": f"http://127.0.0.1:{self.actions_port}/webhook",
            "DB_HOST": "127.0.0.1", "DB_PORT": str(self.postgres.port), "DB_NAME": DATABASE,
            "DB_USER": DATABASE_USER, "DB_PASSWORD": "",
            "REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(self.redis_port), "REDIS_PASSWORD": "",
            "SANIC_PROXIES_COUNT": "1",  # the visitor's address is the one nginx saw
            "CONSOLE_MODEL_TOKEN": self._model_token,
        }

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.postgres.start()
        self._spawn("redis", ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
                              "--save", "", "--appendonly", "no"])
        self._spawn("actions", self._server("actions", [*ACTION_SERVER, "--port", str(self.actions_port)]))
        if self.console_project:
            self._spawn("console", [*CONSOLE, "--port", self.console_url.rsplit(":", 1)[1]],
                        {"CONSOLE_PROJECT": str(self.console_project), "CONSOLE_DATA_DIR": str(self.directory / "console"),
                         "CONSOLE_ENDPOINTS": str(PRODUCTION_ENDPOINTS)})
        self._replica_endpoints = self._endpoints()
        for index in range(len(self.replica_ports)):
            self.start_replica(index, wait=False)
        wait_until_up(self._processes["actions"], f"http://127.0.0.1:{self.actions_port}/health", "actions", 60)
        if self.console_project:
            wait_until_up(self._processes["console"], f"{self.console_url}/sign-in/", "console", 60)
        for index in range(len(self.replica_ports)):
            self.wait_for_replica(index)
        self._spawn("nginx", ["nginx", "-p", str(self.directory), "-e", str(self.directory / "nginx-error.log"),
                              "-c", str(self._nginx_config())])
        wait_until_up(self._processes["nginx"], f"{self.url}/webhooks/rest/", "nginx", 30)

    def start_replica(self, index: int, wait: bool = True) -> None:
        self._spawn(f"rasa-{index}", self._server(f"rasa-{index}", [
            *RASA_SERVER, "run", "--port", str(self.replica_ports[index]), "--model", self._file(self.model),
            "--endpoints", self._replica_endpoints, "--credentials", self._file(self.credentials)]))
        if wait:
            self.wait_for_replica(index)

    def wait_for_replica(self, index: int) -> None:
        wait_until_up(self._processes[f"rasa-{index}"], f"{self.replica_url(index)}/webhooks/rest/",
                      f"rasa-{index}", 180, f" (log: {self.directory / f'rasa-{index}.log'})")

    def kill_replica(self, index: int) -> None:
        """As a crashed machine would: no chance to finish anything."""
        process = self._processes.pop(f"rasa-{index}")
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop(self) -> None:
        for process in reversed(list(self._processes.values())):
            terminate(process)
        if self.image is not None:  # a container outlives its `podman run` if that was killed
            subprocess.run(["podman", "rm", "--force", "--ignore", *self._containers()], capture_output=True,
                           env={**os.environ, "CONTAINERS_CONF": str(CONTAINERS_CONF)})
        self._processes.clear()
        self.postgres.remove()

    def _server(self, name: str, command: List[str]) -> List[str]:
        """A server's command line: as it is, or run in a container of the image, which has
        the project where the image's WORKDIR is and its own Python first on PATH."""
        if self.image is None:
            return command
        variables = [f"--env={name}" for name in self.environment()]  # values from podman's environment
        return ["podman", "run", "--rm", f"--name={self._container(name)}", "--network=host", *variables,
                self.image, "python", *command[1:]]

    def _endpoints(self) -> str:
        """endpoints.production.yml; with the console, and the `models:` endpoint docs/deployment.md
        adds to it: every replica pulls the published model, the token from the environment."""
        if not self.console_project:
            return self._file(PRODUCTION_ENDPOINTS)
        endpoints = yaml.safe_load(PRODUCTION_ENDPOINTS.read_text())
        endpoints["models"] = model_server(self.console_url, "live", TOKEN_VARIABLE)
        path = self.directory / "endpoints.yml"
        path.write_text(yaml.safe_dump(endpoints))
        return str(path)

    def _file(self, path: Path) -> str:
        """A project file as the server sees it: inside an image, relative to its WORKDIR."""
        return str(path.resolve().relative_to(PROJECT_ROOT)) if self.image else str(path)

    def _container(self, name: str) -> str:
        return f"clinic-{name}-{self.port}"

    def _containers(self) -> List[str]:
        return [self._container(name) for name in ("actions", *(f"rasa-{i}" for i in range(len(self.replica_ports))))]

    def __enter__(self) -> "Cluster":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _nginx_config(self) -> Path:
        upstreams = "\n".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;"
                              for port in self.replica_ports)
        config = NGINX_TEMPLATE.read_text()
        for key, value in {"LISTEN": f"127.0.0.1:{self.port}", "RASA_REPLICAS": upstreams.strip(),
                           "PREFIX": str(self.directory)}.items():
            config = config.replace("{{" + key + "}}", value)
        if os.geteuid() == 0:  # nginx's workers would otherwise drop to `nobody`, who cannot write here
            config = "user root;\n" + config
        path = self.directory / "nginx.conf"
        path.write_text(config)
        return path

    def _spawn(self, name: str, command: List[str], environment: Optional[Dict[str, str]] = None) -> None:
        podman = {"CONTAINERS_CONF": str(CONTAINERS_CONF)} if self.image else {}
        self._processes[name] = spawn(command, self.directory / f"{name}.log",
                                      environment={**self.environment(), **podman, **(environment or {})})


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=PROJECT_ROOT / "models" / "clinic.tar.gz")
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--image", help="run the servers from this container image (make image builds one)")
    parser.add_argument("--console", action="store_true", help="with the staff console, editing this checkout")
    args = parser.parse_args(argv)
    directory = Path(tempfile.mkdtemp(prefix="clinic-cluster-"))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        with Cluster(args.model, directory, args.replicas, args.port, image=args.image,
                     console_project=PROJECT_ROOT if args.console else None) as cluster:
            console = f"The staff console: {cluster.console_url}/\n" if cluster.console_url else ""
            print(f"\nnginx in front of {args.replicas} Rasa replicas: {cluster.url}/webhooks/rest/webhook\n{console}"
                  f"Logs and data: {directory}\nStop with Ctrl-C.", flush=True)
            while True:
                time.sleep(1)
    except (ServerError, OSError) as error:
        sys.exit(f"Could not start the cluster: {error}")
    except KeyboardInterrupt:
        pass
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
