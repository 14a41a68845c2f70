"""`bot`, as staff run it: exit codes and what they read."""
from click.testing import CliRunner

from bot.cli import app
from tests.conftest import ROOT


def bot(*args):
    return CliRunner().invoke(app, [str(arg) for arg in args])


def test_help_lists_the_commands():
    result = bot("--help")
    assert result.exit_code == 0
    assert all(command in result.output for command in ("faq", "check"))
    assert "add" in bot("faq", "--help").output


def test_faq_list(project):
    result = bot("faq", "list", "--project", project)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split() == ["topic", "examples", "answer", "(chars)"]
    assert any(line.split()[0] == "safety" for line in result.stdout.splitlines()[1:])


def test_faq_example_then_a_duplicate(project):
    added = bot("faq", "example", "safety", "is dry needling safe?", "--project", project)
    assert added.exit_code == 0 and "data/nlu/faq/safety.yml" in added.output
    again = bot("faq", "example", "safety", "Is dry needling safe", "--project", project)
    assert again.exit_code == 1
    assert "already an example of topic 'safety'" in again.stderr


def test_faq_add_then_check_asks_for_more_examples(project):
    added = bot("faq", "add", "dry_needling", "--question", "What is dry needling?",
                "--answer", "An answer.", "--source", "004: a fact", "--project", project)
    assert added.exit_code == 0, added.stderr
    checked = bot("check", "--skip-rasa", "--project", project)
    assert checked.exit_code == 1
    assert "topic 'dry_needling' has 1 example questions" in checked.output
    assert "1 problem(s) found" in checked.stderr


def test_faq_add_needs_a_source(project):
    result = bot("faq", "add", "dry_needling", "--question", "What is it?", "--answer", "An answer.",
                 "--project", project)
    assert result.exit_code == 2 and "--source" in result.stderr


def test_a_missing_project_directory_is_a_usage_error(tmp_path):
    result = bot("faq", "list", "--project", tmp_path / "nowhere")
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_check_passes_on_the_project_including_rasa_data_validate():
    result = bot("check", "--project", ROOT)
    assert result.exit_code == 0, result.output + result.stderr
    assert "All checks passed." in result.output


def test_check_reports_what_rasa_data_validate_finds(project):
    domain = project / "domain.yml"
    domain.write_text(domain.read_text().replace("\n- bot_challenge\n", "\n", 1))
    result = bot("check", "--project", project)
    assert result.exit_code == 1
    assert "rasa data validate: " in result.output and "bot_challenge" in result.output
