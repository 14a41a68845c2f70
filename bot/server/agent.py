"""The Rasa server's agent: Rasa's own, with the processor and graph runner the project needs.

Rasa's seams for this are its classes: the agent builds the processor, and the processor
loads the model with a graph runner class. ClinicAgent builds a ClinicProcessor, which
loads models with OrderedGraphRunner (each graph's order worked out once,
bot/server/graph_runner.py) and parses concurrent conversations' messages in one run of
the NLU graph (bot/server/batched_parsing.py). The server's entry point
(bot/server/rasa_server.py) loads it; benchmarks and tests load it the same way.
"""
from __future__ import annotations

import logging
import os
import tarfile
from pathlib import Path
from typing import Any, Dict, Optional, Text, Tuple, Union

from rasa.core.agent import Agent, load_from_server
from rasa.core.brokers.broker import EventBroker
from rasa.core.channels.channel import UserMessage
from rasa.core.lock_store import LockStore
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import TrackerStore
from rasa.core.utils import AvailableEndpoints
from rasa.engine import loader
from rasa.engine.constants import PLACEHOLDER_TRACKER
from rasa.engine.runner.interface import GraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.storage import ModelMetadata
from rasa.exceptions import ModelNotFound
from rasa.model import get_local_model
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.common import TempDirectoryPath, get_temp_dir_name

from bot.contract import model_fingerprint
from bot.server.batched_parsing import BatchedParser
from bot.server.graph_runner import OrderedGraphRunner

logger = logging.getLogger(__name__)


class ClinicProcessor(MessageProcessor):
    """Rasa's processor; its graphs run by OrderedGraphRunner, its messages parsed in batches."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        batchable = not self.http_interpreter and not self.nlu_needs_tracker()
        self.batched_parser = BatchedParser(self.graph_runner, self.model_metadata.nlu_target) if batchable else None

    @staticmethod
    def _load_model(model_path: Union[Text, Path]) -> Tuple[Text, ModelMetadata, GraphRunner]:
        """MessageProcessor._load_model, with this project's graph runner."""
        model_tar = get_local_model(str(model_path))
        with TempDirectoryPath(get_temp_dir_name()) as temporary_directory:
            try:
                metadata, runner = loader.load_predict_graph_runner(
                    Path(temporary_directory), Path(model_tar), LocalModelStorage, OrderedGraphRunner)
            except tarfile.ReadError as error:
                raise ModelNotFound(f"Model {model_path} can not be loaded.") from error
        return os.path.basename(model_tar), metadata, runner

    def nlu_needs_tracker(self) -> bool:
        schema = self.model_metadata.predict_schema.minimal_graph_schema([self.model_metadata.nlu_target])
        return any(PLACEHOLDER_TRACKER in node.needs.values() for node in schema.nodes.values())

    async def parse_message(self, message: UserMessage, tracker: Optional[DialogueStateTracker] = None,
                            only_output_properties: bool = True) -> Dict[Text, Any]:
        """MessageProcessor.parse_message, the graph run batched with other conversations'."""
        if self.batched_parser is None:
            return await super().parse_message(message, tracker, only_output_properties)
        parse_data = await self.batched_parser.parse(message, only_output_properties)
        self._update_full_retrieval_intent(parse_data)
        self._check_for_unseen_features(parse_data)
        return parse_data


class ClinicAgent(Agent):
    """Rasa's agent, with the project's processor."""

    def load_model(self, model_path: Union[Text, Path], fingerprint: Optional[Text] = None) -> None:
        """Agent.load_model, building a ClinicProcessor."""
        self.processor = ClinicProcessor(
            model_path=model_path, tracker_store=self.tracker_store, lock_store=self.lock_store,
            action_endpoint=self.action_endpoint, generator=self.nlg, http_interpreter=self.http_interpreter)
        self.domain = self.processor.domain
        self._set_fingerprint(fingerprint)
        # which model each replica serves, for whoever publishes one (Rasa logs it at debug level)
        logger.info("Loaded the model with fingerprint %s", self.fingerprint)
        self.tracker_store.domain = self.domain
        if isinstance(self.nlg, TemplatedNaturalLanguageGenerator):
            self.nlg.responses = self.domain.responses if self.domain else {}


async def load_agent(model_path: Text, endpoints: Optional[AvailableEndpoints] = None) -> ClinicAgent:
    """rasa.core.agent.load_agent for a model on disk: the stores, NLG and action server from
    the endpoints, then the model. With a model server in the endpoints (`models:`, the staff
    console's published model), Rasa's own pulling then replaces the model whenever a new
    one is published; the model on disk is loaded first either way, so the assistant
    answers even while the console is down."""
    endpoints = endpoints or AvailableEndpoints()
    broker = await EventBroker.create(endpoints.event_broker)
    agent = ClinicAgent(generator=endpoints.nlg, tracker_store=TrackerStore.create(endpoints.tracker_store, event_broker=broker),
                        lock_store=LockStore.create(endpoints.lock_store), action_endpoint=endpoints.action)
    # Fingerprinted as the model server fingerprints it, so the same model is not pulled again.
    agent.load_model(model_path, fingerprint=model_fingerprint(Path(model_path)))
    if endpoints.model is not None:
        await load_from_server(agent, endpoints.model)
    return agent

