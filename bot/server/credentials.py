"""The channels a clinic has set up: those of credentials.yml whose variables are set.

Rasa refuses to start when a channel in the credentials file names an unset ${VARIABLE};
the Rasa server's entry point gives it only the configured channels, and `make run` says
which are off and why.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Mapping, Tuple

import yaml

ENV_VARIABLE = re.compile(r"\$\{(\w+)\}")
REST_CHANNEL = "bot.server.channels.rest.RestChannel"  # credentials.yml's name for it; the console's Try it uses it


def configured_channels(path: Path, environ: Mapping[str, str]) -> Tuple[Dict[str, Any], Dict[str, List[str]]]:
    """The channels of credentials.yml whose ${VARIABLES} are all set, and, for the others,
    the variables they miss. Rasa fills in the values itself when it reads the file."""
    on: Dict[str, Any] = {}
    off: Dict[str, List[str]] = {}
    for channel, settings in (yaml.safe_load(path.read_text()) or {}).items():
        missing = [name for value in (settings or {}).values()
                   for name in ENV_VARIABLE.findall(str(value)) if not environ.get(name)]
        if missing:
            off[channel] = sorted(set(missing))
        else:
            on[channel] = settings
    return on, off
