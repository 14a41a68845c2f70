"""Publishing a new model: train a draft, check it against the live one, make it live, roll back.

The live model is models/clinic.tar.gz, the file `make run` serves. The Rasa server
loads a new one without a restart through Rasa's own model server mechanism: it asks the
console every few seconds (endpoints `models:`, If-None-Match with the fingerprint of the
model it has) and loads what it is given. Each published model is also kept in
models/published/, the last KEEP_PUBLISHED of them, to roll back to.

The check is `bot evaluate`'s held-out comparison (per topic, per red-flag level), made
between the draft and the live model on the same questions; it runs in its own process,
as training does, so the console never holds a model in memory.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, List, Tuple

from bot.contract import model_fingerprint
from bot.staff.training import MODEL_NAME

LIVE = Path("models/clinic.tar.gz")
DRAFT_DIR = Path("models/draft")
DRAFT = DRAFT_DIR / f"{MODEL_NAME}.tar.gz"  # the newest draft: what "Try it" talks to, what is published
PUBLISHED_DIR = Path("models/published")
SCORES_DIR = Path("reports/scores")  # held-out scores by model fingerprint, so the live model is scored once
KEEP_PUBLISHED = 5


class PublishingError(RuntimeError):
    """A step that could not be done; the message says which and why."""


_FINGERPRINTS: Dict[str, Tuple[int, int, str]] = {}  # path: (mtime, size, fingerprint)


def current_fingerprint(path: Path) -> str:
    """The fingerprint, worked out again only when the file changed (two Rasa servers ask
    every few seconds; hashing an 85 MB model takes 0.2 s)."""
    status = path.stat()
    known = _FINGERPRINTS.get(str(path))
    if known is None or known[:2] != (status.st_mtime_ns, status.st_size):
        known = _FINGERPRINTS[str(path)] = (status.st_mtime_ns, status.st_size, model_fingerprint(path))
    return known[2]


@dataclass(frozen=True)
class ScoreChange:
    label: str
    before: float
    now: float
    worse: bool


def held_out_scores(project: Path, model: Path) -> Dict[str, Tuple[int, int]]:
    """The model's per-label held-out scores, computed in a child process and kept by fingerprint."""
    cached = project / SCORES_DIR / f"{current_fingerprint(model)}.json"
    if not cached.exists():
        run = subprocess.run([sys.executable, "-m", "bot.staff.publishing", str(project), str(model)],
                             capture_output=True, text=True, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"})
        if run.returncode != 0:
            raise PublishingError(f"the check could not score {model.name}: {run.stderr.strip()[-600:]}")
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(run.stdout)
    return scores_from(cached)


def scores_if_known(project: Path, model: Path) -> Dict[str, Tuple[int, int]]:
    """The held-out scores a check already worked out for this model; none if no check has."""
    cached = project / SCORES_DIR / f"{current_fingerprint(model)}.json" if model.exists() else None
    return scores_from(cached) if cached and cached.exists() else {}


def scores_from(cached: Path) -> Dict[str, Tuple[int, int]]:
    return {label: (right, total) for label, (right, total) in json.loads(cached.read_text()).items()}


def compare_with_live(project: Path, draft: Path) -> List[ScoreChange]:
    """Every label's held-out score, draft against live; `worse` as `bot evaluate` judges it."""
    from bot.staff.gate import Run, compare

    live, new = held_out_scores(project, project / LIVE), held_out_scores(project, draft)
    return [ScoreChange(c.label, c.before, c.now, c.worse) for c in compare(Run(0, live, {}), Run(0, new, {}))]


def publish(project: Path, draft: Path) -> Path:
    """The draft becomes the live model (one rename: the Rasa server never reads half a file)
    and is kept in models/published/; the oldest beyond KEEP_PUBLISHED go."""
    kept_dir = project / PUBLISHED_DIR
    kept_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    kept = kept_dir / f"{stamp}-{model_fingerprint(draft)[:8]}.tar.gz"
    shutil.copy2(draft, kept)
    make_live(project, kept)
    for old in published_models(project)[KEEP_PUBLISHED:]:
        old.unlink()
    return kept


def make_live(project: Path, model: Path) -> None:
    live = project / LIVE
    with tempfile.NamedTemporaryFile(dir=live.parent, suffix=".tar.gz", delete=False) as copy:
        with open(model, "rb") as source:
            shutil.copyfileobj(source, copy)
    os.replace(copy.name, live)


def published_models(project: Path) -> List[Path]:
    """Newest first."""
    return sorted((project / PUBLISHED_DIR).glob("*.tar.gz"), reverse=True)


def roll_back(project: Path, name: str) -> Path:
    model = project / PUBLISHED_DIR / Path(name).name  # a name from the list, never a path
    if not model.is_file():
        raise PublishingError(f"there is no published model {name!r}")
    make_live(project, model)
    return model


def main() -> None:
    """python -m bot.staff.publishing PROJECT MODEL: the model's held-out scores as JSON."""
    import logging

    from rasa.utils.log_utils import configure_structlog

    from bot.staff.gate import HELDOUT, heldout_scores

    configure_structlog(logging.WARNING)  # the JSON alone on standard output
    project, model = Path(sys.argv[1]), Path(sys.argv[2])
    print(json.dumps(heldout_scores(model, project / HELDOUT)))


if __name__ == "__main__":
    main()
