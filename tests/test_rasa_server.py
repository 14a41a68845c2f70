"""The Rasa server's entry point: Rasa's arguments, the configured channels, the project's agent."""
import asyncio

from rasa.core.channels.rest import RestInput

from bot.server.agent import ClinicAgent, ClinicProcessor
from bot.server.graph_runner import OrderedGraphRunner
from bot.server.rasa_server import arguments, input_channels, start_agent


def test_it_takes_rasa_runs_arguments_and_shell_is_run_in_the_terminal():
    args = arguments(["run", "--model", "models/clinic.tar.gz", "--port", "5006", "--enable-api", "--cors", "*"])
    assert (args.command, args.model, args.port, args.enable_api, args.cors, args.connector) == \
        ("run", "models/clinic.tar.gz", 5006, True, ["*"], None)
    assert arguments(["shell", "--model", "models"]).connector == "cmdline"


def test_channels_missing_their_variables_are_left_off(tmp_path, monkeypatch):
    credentials = tmp_path / "credentials.yml"
    credentials.write_text("rest:\nsocketio:\n  user_message_evt: ${WIDGET_EVENT}\n")
    monkeypatch.delenv("WIDGET_EVENT", raising=False)
    channels = input_channels(arguments(["run", "--credentials", str(credentials)]))
    assert [type(channel) for channel in channels] == [RestInput]
    monkeypatch.setenv("WIDGET_EVENT", "user_uttered")
    assert len(input_channels(arguments(["run", "--credentials", str(credentials)]))) == 2


def test_the_server_loads_the_projects_agent(model):
    class App:
        class ctx:
            agent = None

    asyncio.run(start_agent(str(model), None, App, None))
    agent = App.ctx.agent
    assert isinstance(agent, ClinicAgent) and isinstance(agent.processor, ClinicProcessor)
    assert isinstance(agent.processor.graph_runner, OrderedGraphRunner)
    assert agent.processor.batched_parser is not None
