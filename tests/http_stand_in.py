"""A local HTTP server that stands in for an outside API in tests.

It answers every request with the reply it was given and records what it received,
so a test can check both what our client sent and how it handled the answer.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    status: int = 200
    body: Any = field(default_factory=dict)  # dict/list -> JSON; str -> sent as is
    delay: float = 0.0


@dataclass
class Received:
    method: str
    path: str
    query: Dict[str, List[str]]
    headers: Dict[str, str]
    body: bytes


class StandIn:
    def __init__(self, port: int = 0) -> None:
        self.replies: List[Reply] = [Reply()]  # the last one repeats
        self.received: List[Received] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                stand_in._answer(self)

            do_POST = do_GET

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def reply_with(self, *replies: Reply) -> None:
        self.replies = list(replies)

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        url = urlsplit(handler.path)
        self.received.append(
            Received(handler.command, url.path, parse_qs(url.query), dict(handler.headers),
                     handler.rfile.read(length))
        )
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        time.sleep(reply.delay)
        body = reply.body if isinstance(reply.body, str) else json.dumps(reply.body)
        try:
            handler.send_response(reply.status)
            handler.send_header("Content-Type", "application/json")
            handler.end_headers()
            handler.wfile.write(body.encode())
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting, which is what some tests want

    def __enter__(self) -> "StandIn":
        self._thread.start()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._server.shutdown()
        self._server.server_close()
