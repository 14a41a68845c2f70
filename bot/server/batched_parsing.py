"""Messages of concurrent conversations understood together, in one run of the NLU graph.

Rasa parses each message on its own, inside the server's event loop, so every other
conversation waits while it does. Yet the NLU graph takes a list of messages, and the
sentence encoder, most of its cost, does several messages in little more time than one
(make bench-load; docs/deployment.md has the figures). Here a message waiting to be
understood joins a queue; one worker thread runs the graph on everything queued, while
the event loop goes on with other conversations (tracker store, policies, actions).
Nothing waits for a batch to fill: a message alone is parsed at once, and under load
the batches grow with the queue. Each message's result is the one it would get alone.

The project's processor (bot/server/agent.py) parses with it. A pipeline whose NLU
needs the conversation (a component reading `tracker`) is parsed Rasa's way.
"""
from __future__ import annotations

import asyncio
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Optional, Tuple, Union

from rasa.core.channels.channel import UserMessage
from rasa.engine.constants import PLACEHOLDER_MESSAGE
from rasa.engine.runner.interface import GraphRunner
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT

# A cap on one batch, so that a burst is answered in slices rather than all at the end.
MAX_BATCH = 32

Request = Tuple[UserMessage, bool, "asyncio.Future[Dict[str, Any]]"]
Outcome = Union[Dict[str, Any], Exception]



class BatchedParser:
    """Parses the messages handed to `parse` with an NLU graph, in batches."""

    def __init__(self, graph_runner: GraphRunner, nlu_target: str) -> None:
        self._graph_runner, self._nlu_target = graph_runner, nlu_target
        self._queue: List[Request] = []
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nlu")
        self._draining: Optional[asyncio.Task] = None
        self.batch_sizes: Counter = Counter()  # graph runs by number of messages

    async def parse(self, message: UserMessage, only_output_properties: bool = True) -> Dict[str, Any]:
        future = asyncio.get_running_loop().create_future()
        self._queue.append((message, only_output_properties, future))
        if self._draining is None:
            self._draining = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        batch: List[Request] = []
        try:
            while self._queue:
                batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
                outcomes = await loop.run_in_executor(self._worker, self.understand, [r[:2] for r in batch])
                for (_, _, future), outcome in zip(batch, outcomes, strict=True):
                    if future.done():  # its visitor went away
                        continue
                    if isinstance(outcome, Exception):
                        future.set_exception(outcome)
                    else:
                        future.set_result(outcome)
        finally:
            for _, _, future in batch:  # should the server stop mid-batch, nobody waits for ever
                future.cancel()
            self._draining = None

    def understand(self, requests: List[Tuple[UserMessage, bool]]) -> List[Outcome]:
        """Each message's parse data, from one graph run; should that run fail, each message
        is parsed alone, so that one message's error is only that message's."""
        self.batch_sizes[len(requests)] += 1
        try:
            return self._run_graph(requests)
        except Exception as error:
            if len(requests) == 1:
                return [error]
            return [outcome for request in requests for outcome in self.understand([request])]

    def _run_graph(self, requests: List[Tuple[UserMessage, bool]]) -> List[Outcome]:
        target = self._nlu_target
        # no tracker: nothing in this graph reads it (ClinicProcessor)
        results = self._graph_runner.run(inputs={PLACEHOLDER_MESSAGE: [message for message, _ in requests]},
                                         targets=[target])
        return [
            # what MessageProcessor._parse_message_with_graph returns for one message
            {TEXT: "", INTENT: {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}, ENTITIES: [],
             **parsed.as_dict(only_output_properties=only_output_properties)}
            for parsed, (_, only_output_properties) in zip(results[target], requests, strict=True)
        ]
