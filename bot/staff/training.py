"""`bot train`: Rasa's training, with a report staff can read.

Rasa already retrains only the components whose inputs changed (its cache in .rasa/):
new example questions retrain the NLU components and reuse the dialogue policy. This
runs `rasa train` and reports which components were trained and which reused.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

MODEL_NAME = "clinic"
TRAINED = re.compile(r"Starting to train component '(\w+)'")
REUSED = re.compile(r"Restored component '(\w+)' from cache")
TERMINAL_COLOURS = re.compile(r"\x1b\[[0-9;]*m")


class TrainingFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class TrainingReport:
    seconds: float
    trained: List[str]
    reused: List[str]
    model: Path


def train(project: Path, out: Path = Path("models"), finetune: Optional[Path] = None) -> TrainingReport:
    """Trains PROJECT/OUT/clinic.tar.gz (the console trains a draft beside the live model).
    With `finetune`, Rasa's incremental training from that model: about a minute instead
    of three, as the sentence encoder is kept; Rasa refuses it when more than examples and
    answers changed (a new topic, a new config), and says so. Rasa writes the archive as it
    goes, so it is trained beside and renamed into place: a Rasa server pulling the model
    meanwhile never gets half a file."""
    started = time.monotonic()
    incremental = ["--finetune", str(finetune)] if finetune else []
    model = project / out / f"{MODEL_NAME}.tar.gz"
    model.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".training-", dir=model.parent) as beside:
        run = subprocess.run(
            [str(Path(sys.executable).with_name("rasa")), "train", "--fixed-model-name", MODEL_NAME,
             "--out", beside, *incremental],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
        )
        output = run.stdout
        if run.returncode != 0:
            raise TrainingFailed(last_error(output))
        os.replace(Path(beside) / model.name, model)
    return TrainingReport(
        seconds=time.monotonic() - started,
        trained=sorted(set(TRAINED.findall(output))),
        reused=sorted(set(REUSED.findall(output))),
        model=model,
    )


def last_error(output: str) -> str:
    """The end of Rasa's output, without the library warnings around it."""
    lines = [text for text in TERMINAL_COLOURS.sub("", output).strip().splitlines()
             if "Warning" not in text and not text.startswith("  ")]
    return "\n".join(lines[-10:])
