import asyncio

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphNode
from rasa.engine.runner.dask import DaskGraphRunner

from bot.server.graph_runner import OrderedGraphRunner

QUESTIONS = ["Is acupuncture good for back pain?", "I'd like to book", "I have crushing chest pain", "/greet", "zxqv"]


@pytest.fixture
def rasa_run(agent):
    """Rasa's own run, on the same runner (the server's agent runs its graphs with ours)."""
    assert isinstance(agent.processor.graph_runner, OrderedGraphRunner)
    return DaskGraphRunner.run


def test_the_nlu_graph_gives_what_rasas_runner_gives(agent, rasa_run):
    runner, target = agent.processor.graph_runner, agent.processor.model_metadata.nlu_target
    for question in QUESTIONS:
        inputs = lambda: {PLACEHOLDER_MESSAGE: [UserMessage(question, message_id="m")]}
        [ours] = runner.run(inputs(), [target])[target]
        [rasas] = rasa_run(runner, inputs(), [target])[target]
        assert ours.as_dict(only_output_properties=True) == rasas.as_dict(only_output_properties=True)


def test_the_policies_predict_what_they_predict_with_rasas_runner(agent, rasa_run):
    processor = agent.processor
    for number, question in enumerate(QUESTIONS):
        asyncio.run(agent.handle_message(UserMessage(question, CollectingOutputChannel(), f"runner-{number}")))
        tracker = asyncio.run(processor.get_tracker(f"runner-{number}"))
        inputs = {PLACEHOLDER_TRACKER: tracker}
        ours = processor.graph_runner.run(inputs, [processor.model_metadata.core_target])
        rasas = rasa_run(processor.graph_runner, inputs, [processor.model_metadata.core_target])
        assert ours.keys() == rasas.keys()
        [(_, ours_prediction)] = ours.items()
        [(_, rasas_prediction)] = rasas.items()
        assert ours_prediction.probabilities == rasas_prediction.probabilities
        assert ours_prediction.policy_name == rasas_prediction.policy_name


def test_each_graph_is_ordered_once(agent, rasa_run):
    runner, target = agent.processor.graph_runner, agent.processor.model_metadata.nlu_target
    first = runner.execution_order((target,))
    assert runner.execution_order((target,)) is first
    names = [name for name, _, _ in first]
    for position, (_, _, parents) in enumerate(first):  # every parent before its child
        assert all(parent not in names or names.index(parent) < position for parent in parents)


def test_a_failing_node_fails_as_under_rasas_runner(agent, rasa_run, monkeypatch):
    def fail(node, *inputs):
        raise RuntimeError("a node failed")

    monkeypatch.setattr(GraphNode, "__call__", fail)
    runner, target = agent.processor.graph_runner, agent.processor.model_metadata.nlu_target
    for run in (OrderedGraphRunner.run, rasa_run):
        with pytest.raises(GraphRunError):
            run(runner, {PLACEHOLDER_MESSAGE: [UserMessage("hi")]}, [target])
