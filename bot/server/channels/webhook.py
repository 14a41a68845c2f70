"""What every channel's webhook blueprint starts with."""
from __future__ import annotations

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse


def webhook_blueprint(name: str) -> Blueprint:
    """A blueprint with the health route Rasa's channels answer at /webhooks/<channel>/."""
    blueprint = Blueprint(name, __name__)

    @blueprint.route("/", methods=["GET"])
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    return blueprint
