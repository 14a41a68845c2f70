import asyncio
import pytest
from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.nlu.training_data.message import Message

from bot.server import batched_parsing
from bot.server.batched_parsing import BatchedParser
from bot.evaluation.examples import load_examples
from tests.conftest import HELDOUT


async def parse_all(processor, texts):
    return await asyncio.gather(*(processor.parse_message(UserMessage(text)) for text in texts))


def test_concurrent_messages_are_understood_together_as_they_would_be_alone(agent):
    processor = agent.processor
    texts = [example.text for example in load_examples(HELDOUT)][:60] + ["/book_appointment", "???"]
    alone = [asyncio.run(MessageProcessor.parse_message(processor, UserMessage(text))) for text in texts]  # Rasa's
    together = asyncio.run(parse_all(processor, texts))

    assert max(processor.batched_parser.batch_sizes) > 1, "the concurrent messages were parsed one at a time"
    for single, batched_result in zip(alone, together, strict=True):
        assert batched_result.keys() == single.keys()
        assert batched_result["intent"]["name"] == single["intent"]["name"]
        assert batched_result["intent"].get("full_retrieval_intent_name") == \
            single["intent"].get("full_retrieval_intent_name")
        assert batched_result["intent"]["confidence"] == pytest.approx(single["intent"]["confidence"], abs=1e-5)
        assert batched_result["entities"] == single["entities"]


def test_a_message_alone_is_parsed_at_once(agent):
    [result] = asyncio.run(parse_all(agent.processor, ["Is acupuncture good for back pain?"]))
    assert result["intent"]["full_retrieval_intent_name"].startswith("faq/")


class GraphRunnerStandIn:
    """Runs an NLU 'graph' that names each message's intent after its text and fails on "boom"."""

    def __init__(self):
        self.runs = []

    def run(self, inputs, targets):
        messages = inputs["__message__"]
        self.runs.append([message.text for message in messages])
        if any(message.text == "boom" for message in messages):
            raise RuntimeError("boom")
        return {targets[0]: [Message(data={"text": m.text, "intent": {"name": m.text, "confidence": 1.0}},
                                     output_properties={"text", "intent"}) for m in messages]}


def stand_in_parser():
    runner = GraphRunnerStandIn()
    return BatchedParser(runner, "nlu"), runner


def test_one_failing_message_fails_alone():
    parser, runner = stand_in_parser()

    async def scenario():
        return await asyncio.gather(*(parser.parse(UserMessage(text)) for text in ("a", "boom", "b")),
                                    return_exceptions=True)

    first, failed, last = asyncio.run(scenario())
    assert first["intent"]["name"] == "a" and last["intent"]["name"] == "b"
    assert isinstance(failed, RuntimeError)
    assert runner.runs[0] == ["a", "boom", "b"]  # together first, then each alone
    assert sorted(runner.runs[1:]) == [["a"], ["b"], ["boom"]]


def test_a_visitor_who_leaves_does_not_stop_the_others():
    parser, _ = stand_in_parser()

    async def scenario():
        leaving = asyncio.create_task(parser.parse(UserMessage("gone")))
        staying = asyncio.create_task(parser.parse(UserMessage("here")))
        await asyncio.sleep(0)
        leaving.cancel()
        return await staying, await parser.parse(UserMessage("later"))

    here, later = asyncio.run(scenario())
    assert here["intent"]["name"] == "here" and later["intent"]["name"] == "later"


def test_batches_are_capped_so_a_burst_is_answered_in_slices(monkeypatch):
    monkeypatch.setattr(batched_parsing, "MAX_BATCH", 4)
    parser, runner = stand_in_parser()

    async def scenario():
        return await asyncio.gather(*(parser.parse(UserMessage(str(number))) for number in range(10)))

    results = asyncio.run(scenario())
    assert [result["intent"]["name"] for result in results] == [str(number) for number in range(10)]
    assert [len(run) for run in runner.runs] == [4, 4, 2]
