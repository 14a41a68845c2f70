"""Serves the website widget (build/widget, made by `make widget`) and its demo page.

A clinic normally copies build/widget/ to its own web server; this one is for `make run`
and the browser tests. The demo page is widget/demo/index.html with the clinic's details
from clinic.yml filled in.
"""
from __future__ import annotations

import html
import re
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, Optional

from bot.contract import PROJECT_ROOT

WIDGET_DIR = PROJECT_ROOT / "build" / "widget"
DEMO_PAGE = PROJECT_ROOT / "widget" / "demo" / "index.html"
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def render_demo(template: str, values: Dict[str, str]) -> str:
    """The demo page with each {{name}} replaced by its HTML-escaped value."""
    return PLACEHOLDER.sub(lambda match: html.escape(values[match.group(1)]), template)


class _Handler(SimpleHTTPRequestHandler):
    demo_page: bytes = b""

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] in ("/", "/index.html"):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(self.demo_page)))
            self.end_headers()
            self.wfile.write(self.demo_page)
        else:
            super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")  # a rebuilt widget shows on the next load
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def list_directory(self, path):  # type: ignore[no-untyped-def]
        self.send_error(404)
        return None

    def log_message(self, format: str, *args: object) -> None:
        pass  # `make run` shows the assistant's output, not every file request


class WidgetServer:
    def __init__(self, port: int, values: Dict[str, str], directory: Path = WIDGET_DIR):
        if not (directory / "clinic-chat.js").is_file():
            raise FileNotFoundError(f"{directory / 'clinic-chat.js'} is missing: run `make widget`")
        handler = type("DemoHandler", (_Handler,), {
            "demo_page": render_demo(DEMO_PAGE.read_text(encoding="utf-8"), values).encode()})
        self._server = ThreadingHTTPServer(("", port), partial(handler, directory=str(directory)))
        self._thread: Optional[threading.Thread] = None
        self.url = f"http://localhost:{port}"

    def start(self) -> None:
        self._thread = threading.Thread(target=self._server.serve_forever, name="widget-server", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
