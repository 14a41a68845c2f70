"""An NLU model trained from examples in a scratch directory, parsing in this process:
what cross-validation trains, for the evaluate gate and the benchmarks."""
from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, Iterable, List, Sequence

from rasa.core.agent import Agent
from rasa.model_training import train_nlu
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.evaluation.examples import Example


class TrainedNlu:
    """An NLU model trained from examples, parsing in this process."""

    def __init__(self, model: Path, train_seconds: float) -> None:
        self.agent = Agent.load(str(model))
        self.train_seconds = train_seconds
        self.latencies_ms: List[float] = []

    @classmethod
    def train(cls, config: Path, examples: Sequence[Example], workdir: Path,
              extra_files: Iterable[Path] = ()) -> "TrainedNlu":
        data_dir = Path(tempfile.mkdtemp(dir=workdir))
        messages = [Message(data={"text": e.text, "intent": e.label}) for e in examples]
        (data_dir / "nlu.yml").write_text(TrainingData(messages).nlu_as_yaml())
        for path in extra_files:
            shutil.copy(path, data_dir / path.name)
        started = time.perf_counter()
        model = train_nlu(str(config), str(data_dir), str(data_dir), fixed_model_name="nlu")
        try:
            return cls(Path(model), time.perf_counter() - started)
        finally:
            shutil.rmtree(data_dir)  # the loaded agent no longer needs the archive

    def parse(self, texts: Sequence[str]) -> List[Dict[str, Any]]:
        async def parse_all() -> List[Dict[str, Any]]:
            results = []
            for text in texts:
                started = time.perf_counter()
                results.append(await self.agent.parse_message(text))
                self.latencies_ms.append((time.perf_counter() - started) * 1000)
            return results

        return asyncio.run(parse_all())


def write_answers(data: TrainingData, workdir: Path) -> Path:
    """The FAQ answers as a file of their own: Rasa trains a retrieval intent only with
    its answers beside its examples, which are written per fold."""
    path = workdir / "answers.yml"
    path.write_text(RasaYAMLWriter().dumps(TrainingData(responses=data.responses)))
    return path
