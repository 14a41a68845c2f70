"""`bot`: the clinic staff's tools for the assistant's content.

    bot faq list                          topics, example counts, answer lengths
    bot faq example TOPIC "question"      add an example question to a topic
    bot faq add TOPIC --question … --answer … --source "004: …"
    bot faq export faq.csv / bot faq import faq.csv   the FAQ as a spreadsheet
    bot check                             find what would break, before training
    bot review [accept ID | ignore ID]    what visitors asked that the assistant was unsure of
    bot train                             retrain what changed, and say what and how long
    bot evaluate                          per-topic scores, failing if a topic got worse
    bot draft DOCS_DIR                    candidate topics from documents, for review
    bot purge [--endpoints FILE]          delete conversations past the retention period
    bot staff add NAME --role owner|editor / list / remove NAME   the clinic console's accounts
"""
from __future__ import annotations

import asyncio
import logging
import os
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional, Tuple

import click

from bot.staff import training
from bot.staff.content import spreadsheet
from bot.contract import MIN_EXAMPLES_PER_TOPIC
from bot.staff.content.checks import MAX_ANSWER_CHARS, run_checks, unconfirmed_answers
from bot.staff.content.topics import ContentError, FaqContent

if TYPE_CHECKING:
    from bot.staff.content.review import ConversationReview

project_option = click.option(
    "--project", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."),
    show_default=True, help="The assistant's directory (the one with data/).")


@contextmanager
def quietly() -> Iterator[None]:
    """For importing Rasa: its dependencies' deprecation notices are not for staff."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


@click.group(help="The clinic staff's tools for the assistant's content.")
def app() -> None:
    pass


@app.group(help="List and add FAQ topics and their example questions; the FAQ as a spreadsheet.")
def faq() -> None:
    pass


@faq.command("list")
@project_option
def list_topics(project: Path) -> None:
    """Every FAQ topic, with its number of example questions and its answer's length."""
    topics = FaqContent(project).topics()
    width = max((len(name) for name in topics), default=5)
    click.echo(f"{'topic':<{width}}  examples  answer (chars)")
    for topic in topics.values():
        flag = "  <- too few examples" if len(topic.examples) < MIN_EXAMPLES_PER_TOPIC else ""
        flag += "  <- answer too long" if len(topic.answer_text) > MAX_ANSWER_CHARS else ""
        click.echo(f"{topic.name:<{width}}  {len(topic.examples):>8}  {len(topic.answer_text):>14}{flag}")


@faq.command("example")
@click.argument("topic")
@click.argument("question")
@project_option
def add_example(topic: str, question: str, project: Path) -> None:
    """Add QUESTION, worded as a visitor would ask it, to TOPIC (see `bot faq list`)."""
    try:
        path = FaqContent(project).add_example(topic, question)
    except ContentError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Added to {path}. Run `bot check`, then `make train`.")


@faq.command("add")
@click.argument("topic")
@click.option("--question", required=True, help="The topic's main question (shown on buttons).")
@click.option("--answer", required=True, help=f"The answer, at most {MAX_ANSWER_CHARS} characters.")
@click.option("--source", "sources", required=True, multiple=True,
              help='Where a fact comes from: "NNN: fact" (a document in docs/sources.md) or '
                   '"clinic: setting" (a key of clinic.yml). Repeat for each fact.')
@project_option
def add_topic(topic: str, question: str, answer: str, sources: Tuple[str, ...], project: Path) -> None:
    """Add a new FAQ TOPIC (e.g. dry_needling) with its question, answer and sources."""
    try:
        path = FaqContent(project).add_topic(topic, question, answer, list(sources))
    except ContentError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created topic {topic!r} in {path}.")
    click.echo(f"Add at least {MIN_EXAMPLES_PER_TOPIC - 1} more ways to ask it with "
               f"`bot faq example {topic} \"…\"`, then run `bot check`.")


@faq.command("export")
@click.argument("csv_file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@project_option
def export_csv(csv_file: Path, project: Path) -> None:
    """Write every topic to CSV_FILE (topic, question, answer, source), for a spreadsheet."""
    rows = spreadsheet.export_csv(FaqContent(project), csv_file)
    click.echo(f"Wrote {rows} questions to {csv_file}. Edit it, then `bot faq import {csv_file}`.")


@faq.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@project_option
def import_csv(csv_file: Path, project: Path) -> None:
    """Replace the topics listed in CSV_FILE with its content; nothing changes if a row is wrong."""
    try:
        changed = spreadsheet.import_csv(FaqContent(project), csv_file)
    except spreadsheet.SpreadsheetError as error:
        for problem in error.problems:
            click.echo(problem)
        raise click.ClickException(f"{len(error.problems)} problem(s) in {csv_file}; nothing was changed.") from error
    if not changed:
        click.echo("Nothing to change: the content already matches the sheet.")
    for path in changed:
        click.echo(f"Updated {path.relative_to(project) if path.is_relative_to(project) else path}")
    if changed:
        click.echo("Run `bot check`, then `make train`.")


@app.command()
@project_option
@click.option("--skip-rasa", is_flag=True, help="Leave out `rasa data validate` (slow).")
def check(project: Path, skip_rasa: bool) -> None:
    """Check the content: YAML, duplicate questions, topics, answers, sources, links, settings.
    Also lists the answers the clinic has not yet confirmed (they are answered meanwhile)."""
    problems = run_checks(project, rasa_validate=not skip_rasa)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) found; fix them before training.")
    click.secho("All checks passed.", fg="green")
    unconfirmed = unconfirmed_answers(project)
    if unconfirmed:
        click.secho(f"Not yet confirmed by the clinic: {', '.join(unconfirmed)}. Read these answers in "
                    "data/faq/ and, once they are true of your clinic, list them under confirmed_answers "
                    "in clinic.yml.", fg="yellow")


@app.group(invoke_without_command=True)
@project_option
@click.pass_context
def review(context: click.Context, project: Path) -> None:
    """Questions the assistant fell back on or answered with low confidence, grouped by
    the topic it thought likeliest. Phone numbers and emails are masked."""
    with quietly():
        from bot.staff.content.review import REVIEW_BELOW, ConversationReview, group_by_likely_label

    context.obj = ConversationReview(project)
    if context.invoked_subcommand is not None:
        return
    groups = group_by_likely_label(context.obj.pending())
    if not groups:
        click.echo("Nothing to review.")
        return
    for label, candidates in groups.items():
        click.secho(f"{label} ({len(candidates)})", bold=True)
        for candidate in candidates:
            how = "fell back" if candidate.fell_back else f"answered, {candidate.confidence:.0%} sure"
            times = f", asked {candidate.times} times" if candidate.times > 1 else ""
            click.echo(f"  {candidate.id}  {candidate.text!r}  ({how}{times})")
    click.echo(f"\nListed: fallbacks and answers under {REVIEW_BELOW:.0%} confidence. "
               "`bot review accept ID` adds one to its likely topic (--topic to choose another); "
               "`bot review ignore ID` hides it.")


@review.command("accept")
@click.argument("message_id")
@click.option("--topic", help="The FAQ topic to add it to; by default the likely one.")
@click.pass_obj
def accept_message(conversations: ConversationReview, message_id: str, topic: Optional[str]) -> None:
    """Add message MESSAGE_ID (masked) as an example question of a topic."""
    try:
        path = conversations.accept(message_id, topic)
    except ContentError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Added to {path}. Run `bot check`, then `make train`.")


@review.command("ignore")
@click.argument("message_id")
@click.pass_obj
def ignore_message(conversations: ConversationReview, message_id: str) -> None:
    """Mark message MESSAGE_ID as irrelevant; it is not listed again."""
    try:
        candidate = conversations.ignore(message_id)
    except ContentError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Ignored {candidate.text!r}.")


@app.command()
@project_option
def train(project: Path) -> None:
    """Retrain the assistant; only the parts whose inputs changed are trained again."""
    click.echo("Training (about three minutes)...")
    try:
        report = training.train(project)
    except training.TrainingFailed as error:
        raise click.ClickException(f"training failed:\n{error}") from error
    click.echo(f"Trained {report.model} in {report.seconds:.0f} s.")
    click.echo(f"  trained again: {', '.join(report.trained) or 'nothing'}")
    click.echo(f"  reused, unchanged: {', '.join(report.reused) or 'nothing'}")


@app.command()
@project_option
@click.option("--folds", default=3, show_default=True, type=click.IntRange(2, 10),
              help="Cross-validation folds; each trains the pipeline once (about a minute).")
@click.option("--model", type=click.Path(dir_okay=False, path_type=Path),
              help="The trained model.  [default: PROJECT/models/clinic.tar.gz]")
@click.option("--heldout", type=click.Path(dir_okay=False, path_type=Path),
              help="Visitor questions kept out of training.  [default: PROJECT/tests/heldout/visitor_questions.yml]")
@click.option("--accept", is_flag=True, help="Record this run even if a topic got worse, because that was intended.")
def evaluate(project: Path, folds: int, model: Optional[Path], heldout: Optional[Path], accept: bool) -> None:
    """Score every topic on held-out questions and by cross-validation, and compare with
    the last recorded run: exits non-zero if a topic got worse."""
    with quietly():
        from rasa.utils.log_utils import configure_structlog

        from bot.staff import gate
    configure_structlog(logging.WARNING)  # Rasa logs every parse at debug level otherwise
    click.echo(f"Evaluating: {folds} trainings, a minute or so each...")
    try:
        run = gate.evaluate(project, model or project / "models" / "clinic.tar.gz",
                                  heldout or project / gate.HELDOUT, folds)
    except gate.EvaluationError as error:
        raise click.ClickException(str(error)) from error
    before = gate.last_run(project)
    for line in gate.table(run, before):
        click.echo(line)
    worse = [change for change in gate.compare(before, run) if change.worse] if before else []
    if worse and not accept:
        for change in worse:
            click.echo(f"{change.label} got worse in {change.part}: {change.before:.0%} -> {change.now:.0%}")
        raise click.ClickException(f"{len(worse)} score(s) got worse; the run was not recorded. Fix the content, "
                                   "or run again with --accept if the change is intended.")
    path = gate.record(project, run)
    click.echo(f"{'First run' if before is None else 'Nothing got worse'}; recorded in {path}.")


@app.command()
@click.argument("docs_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@project_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("reports/draft-topics.yml"),
              show_default=True, help="The review file to write (relative to the project).")
@click.option("--model", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The trained model that says what is already answered.  [default: PROJECT/models/clinic.tar.gz]")
def draft(docs_dir: Path, project: Path, out: Path, model: Optional[Path]) -> None:
    """Propose FAQ topics from the documents in DOCS_DIR (.txt, .html) into a review file;
    nothing is published."""
    with quietly():
        from rasa.core.agent import Agent
        from rasa.utils.log_utils import configure_structlog

        from bot.staff.content.draft import Drafter, review_file
        from bot.nlu.clinical_pipeline import clinical_pipeline
    configure_structlog(logging.WARNING)
    model = model or project / "models" / "clinic.tar.gz"
    if not model.exists():
        raise click.ClickException(f"{model} does not exist: run `make train` first")
    agent = Agent.load(str(model))
    nlp = clinical_pipeline(project / "data" / "nlu" / "lookups" / "clinical_terms.yml")
    candidates = Drafter(nlp, lambda text: asyncio.run(agent.parse_message(text))).draft(docs_dir)
    if not candidates:
        raise click.ClickException(f"found no .txt or .html document with a likely visitor question in {docs_dir}")
    path = out if out.is_absolute() else project / out
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(review_file(candidates, docs_dir))
    new = sum(not candidate.covered_by for candidate in candidates)
    click.echo(f"Wrote {len(candidates)} candidates to {path}: {len(candidates) - new} already answered "
               f"by a topic, {new} not yet.")


@app.command()
@project_option
@click.option("--endpoints", default="endpoints.yml", show_default=True,
              help="The endpoints file naming the tracker store (endpoints.production.yml in production).")
def purge(project: Path, endpoints: str) -> None:
    """Delete the conversations older than keep_conversations_days (clinic.yml) now;
    `make run` also does it at start and daily."""
    from rasa.utils.endpoints import read_endpoint_config

    from bot.clinic import SettingsError, load_clinic_settings
    from bot.ops.retention import database_url
    from bot.ops.retention import purge as purge_conversations

    store = read_endpoint_config(str(project / endpoints), "tracker_store")  # ${VARIABLES} filled in
    url = database_url({"type": store.type, "url": store.url, **store.kwargs} if store else None, project)
    if url is None:
        raise click.ClickException(f"{endpoints} names no SQL tracker store: nothing to purge")
    try:
        days = load_clinic_settings(project / "clinic.yml").keep_conversations_days
    except SettingsError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Deleted {purge_conversations(url, days)} conversation(s) older than {days} days.")


@app.group(help="The clinic console's staff accounts (the console: `make run`, port 8090).")
def staff() -> None:
    from bot.staff.console.accounts import open_console_database

    open_console_database()


@staff.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(["owner", "editor"]),
              help="Editors change the content; owners also the clinic settings.")
def add_staff_member(name: str, role: str) -> None:
    """The password is asked for (twice), never taken from the command line."""
    from bot.staff.console.accounts import AccountError, add_staff

    password = click.prompt("Password (10 characters or more)", hide_input=True, confirmation_prompt=True)
    try:
        add_staff(name, role, password)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Added {name} ({role}). They sign in to the console with this password.")


@staff.command("list")
def list_staff() -> None:
    from bot.staff.console.accounts import staff_members

    for member in staff_members():
        click.echo(f"{member.name:30} {member.role:8} last signed in: {member.last_sign_in}")


@staff.command("remove")
@click.argument("name")
def remove_staff_member(name: str) -> None:
    from bot.staff.console.accounts import AccountError, remove_staff

    try:
        remove_staff(name)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Removed {name}; their changes stay in the console's history.")


def main() -> None:
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    # What staff read is the command's own output, not its libraries' start-up notices.
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    app()


if __name__ == "__main__":
    main()
