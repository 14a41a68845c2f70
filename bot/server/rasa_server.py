"""The Rasa server, started the project's way.

    python -m bot.server.rasa_server run --model models/clinic.tar.gz --endpoints endpoints.yml \
        --credentials credentials.yml --port 5005 [--enable-api] [--cors ORIGIN]
    python -m bot.server.rasa_server shell --model models/clinic.tar.gz --endpoints endpoints.yml

It takes `rasa run`'s arguments (Rasa's own parser reads them) and builds Rasa's own app
(`configure_app`), with:
1. the project's agent (bot/server/agent.py): concurrent messages understood together,
   each graph's order worked out once;
2. the patches Rasa has no seam for (bot/server/patches.py): the action server's
   responses checked with a schema checked once, the action server given seconds not
   minutes, event classes looked up once;
3. only the channels a clinic has set up (bot/server/credentials.py): Rasa refuses to
   start when a channel names an unset ${VARIABLE};
4. phone numbers and emails masked in every line it logs (bot/privacy.py);
5. one BLAS thread: the server's work runs in parallel across conversations, and
   OpenBLAS's own threads, spinning between the classifier's tiny matrix products, took
   a core's share of the CPU from it.
`shell` is `run` with the terminal as the channel, as `rasa shell` is. `bot.ops.serve`,
`bot.ops.cluster`, the container image and the systemd unit all start the server here.
"""
from __future__ import annotations

import argparse
import logging
import os
import tempfile
from functools import partial
from pathlib import Path
from typing import List, Optional

import yaml
from rasa.cli.arguments.default_arguments import add_logging_options
from rasa.cli.arguments.run import set_run_arguments
from rasa.constants import ENV_SANIC_BACKLOG
from rasa.core.run import close_resources, configure_app, create_http_input_channels
from rasa.core.utils import AvailableEndpoints, number_of_sanic_workers
from rasa.server import create_ssl_context
from rasa.utils.common import configure_logging_and_warnings
from rasa.utils.io import configure_colored_logging
from rasa.utils.log_utils import configure_structlog
from threadpoolctl import threadpool_limits

from bot.privacy import mask_logs
from bot.server import patches
from bot.server.agent import load_agent
from bot.server.credentials import configured_channels


def arguments(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot.server.rasa_server",
                                     description="The Rasa server with the project's agent and fixes.")
    commands = parser.add_subparsers(dest="command", required=True)
    for command in ("run", "shell"):
        command_parser = commands.add_parser(command, help=f"as `rasa {command}`")
        set_run_arguments(command_parser)
        add_logging_options(command_parser)
    args = parser.parse_args(argv)
    if args.command == "shell":
        args.connector = "cmdline"
    return args


def input_channels(args: argparse.Namespace) -> list:
    """The channels of the credentials file that are set up, or the one --connector names."""
    if not args.credentials:
        return create_http_input_channels(args.connector or "rest", None)
    channels, _ = configured_channels(Path(args.credentials), os.environ)
    with tempfile.NamedTemporaryFile("w", prefix="credentials-", suffix=".yml") as configured:
        yaml.safe_dump(channels, configured)
        configured.flush()
        return create_http_input_channels(args.connector, configured.name)  # fills in the ${VARIABLES}


async def start_agent(model: str, endpoints: AvailableEndpoints, app, _loop) -> None:
    """Before the server takes requests: the agent, with its model loaded."""
    app.ctx.agent = await load_agent(model, endpoints)


def serve(args: argparse.Namespace) -> None:
    """rasa.core.run.serve_application, with the project's agent."""
    endpoints = AvailableEndpoints.read_endpoints(args.endpoints)
    app = configure_app(
        input_channels(args), args.cors, args.auth_token, args.enable_api, args.response_timeout,
        args.jwt_secret, args.jwt_private_key, args.jwt_method, port=args.port, endpoints=endpoints,
        log_file=args.log_file, use_syslog=args.use_syslog, syslog_address=args.syslog_address,
        syslog_port=args.syslog_port, syslog_protocol=args.syslog_protocol, request_timeout=args.request_timeout)
    app.register_listener(partial(start_agent, args.model, endpoints), "before_server_start")
    app.register_listener(close_resources, "after_server_stop")
    app.run(host=args.interface, port=args.port,
            ssl=create_ssl_context(args.ssl_certificate, args.ssl_keyfile, args.ssl_ca_file, args.ssl_password),
            backlog=int(os.environ.get(ENV_SANIC_BACKLOG, "100")),
            workers=number_of_sanic_workers(endpoints.lock_store))


def main(argv: Optional[List[str]] = None) -> None:
    args = arguments(argv)
    # as Rasa's own command line sets up logging
    configure_logging_and_warnings(args.loglevel, args.logging_config_file, warn_only_once=True,
                                   filter_repeated_logs=True)
    configure_colored_logging(args.loglevel)
    configure_structlog(args.loglevel)
    logging.getLogger("bot").setLevel(logging.getLogger("rasa").level)  # Rasa sets its own loggers' only
    mask_logs()
    patches.apply()
    threadpool_limits(1, user_api="blas")
    serve(args)


if __name__ == "__main__":
    main()
