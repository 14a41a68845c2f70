"""`bot`, as staff run it: exit codes and what they read."""
import shutil

from click.testing import CliRunner

from bot.staff.cli import app
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
    assert added.exit_code == 0 and "data/faq/safety.yml" in added.output
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


def line(output, prefix):
    return next(text for text in output.splitlines() if text.strip().startswith(prefix))


def test_train_after_a_new_question_retrains_the_nlu_only(project):
    shutil.copytree(ROOT / "build" / "spacy", project / "build" / "spacy")
    first = bot("train", "--project", project)
    assert first.exit_code == 0, first.output
    assert "RulePolicy" in line(first.output, "trained again:")
    assert (project / "models" / "clinic.tar.gz").exists()

    bot("faq", "example", "safety", "is dry needling safe?", "--project", project)
    second = bot("train", "--project", project)
    assert second.exit_code == 0, second.output
    retrained = line(second.output, "trained again:")
    assert "TunedLogisticRegressionClassifier" in retrained and "SentenceEmbeddingFeaturizer" in retrained
    assert "RulePolicy" in line(second.output, "reused, unchanged:")


def test_train_failure_is_reported(project):
    config = project / "config.yml"
    config.write_text(config.read_text().replace("name: FallbackClassifier", "name: NoSuchComponent"))
    result = bot("train", "--project", project)
    assert result.exit_code == 1
    assert "training failed" in result.stderr and "NoSuchComponent" in result.stderr


def test_faq_export_then_import_a_bad_sheet(project, tmp_path):
    sheet = tmp_path / "faq.csv"
    exported = bot("faq", "export", sheet, "--project", project)
    assert exported.exit_code == 0 and "Wrote" in exported.output
    assert "Nothing to change" in bot("faq", "import", sheet, "--project", project).output
    sheet.write_text(sheet.read_text().replace("safety,Is acupuncture safe?", "safety,/greet", 1))
    rejected = bot("faq", "import", sheet, "--project", project)
    assert rejected.exit_code == 1
    assert "a question cannot start with" in rejected.stdout
    assert "nothing was changed" in rejected.stderr
