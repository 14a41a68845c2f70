""""Check and publish" in the background: train, check, publish, each step saved as it ends
so the progress page can show it. One at a time; a console restart mid-way marks it failed."""
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from bot.contract import model_fingerprint
from bot.staff import publishing, training
from bot.staff.console.models import ChangeRecord, Publication, record

# Training takes 1-3 minutes; one still "running" after this was cut off by a restart.
ABANDONED_AFTER = timedelta(minutes=30)
STARTING = threading.Lock()


class AlreadyRunning(RuntimeError):
    pass


class NotTheNewestDraft(RuntimeError):
    """Only the newest draft is on disk (models/draft/) to be made live."""


def start(user, full_training: bool = False, publish: bool = True) -> Publication:
    with STARTING:
        mark_abandoned()
        running = Publication.objects.filter(status__in=Publication.RUNNING).first()
        if running:
            raise AlreadyRunning(f"{running.started_by} started a publish at {running.started_at:%H:%M} UTC; "
                                 "it is still running.")
        publication = Publication.objects.create(started_by=user.get_username(), full_training=full_training,
                                                 publish=publish)
    threading.Thread(target=run_in_background, args=(publication.pk,), name=f"publish-{publication.pk}",
                     daemon=True).start()
    return publication


def run_in_background(pk: int) -> None:
    """`run` in a thread of its own, with a database connection of its own."""
    close_old_connections()
    try:
        run(pk)
    finally:
        connection.close()


def mark_abandoned() -> None:
    Publication.objects.filter(status__in=Publication.RUNNING, started_at__lt=timezone.now() - ABANDONED_AFTER) \
        .update(status=Publication.FAILED, error="The console stopped while this was running; start it again.")


def run(pk: int) -> None:
    publication = Publication.objects.get(pk=pk)
    try:
        with ThreadPoolExecutor(max_workers=1) as scoring:
            # The live model's held-out scores, worked out (once per model) while the draft trains.
            live_scored = scoring.submit(score_live)
            draft = train(publication)
            live_scored.result()
        check(publication, draft)
        if publication.publish and not publication.worse:
            make_live(publication, draft)
    except (training.TrainingFailed, publishing.PublishingError, OSError) as error:
        publication.status, publication.error = Publication.FAILED, str(error)
        publication.save()


def score_live() -> None:
    live = settings.PROJECT / publishing.LIVE
    if live.exists():
        publishing.held_out_scores(settings.PROJECT, live)


def train(publication: Publication):
    """Incremental training from the live model when it can be; Rasa refuses it when more
    than examples and answers changed, and then everything is trained."""
    started = time.monotonic()
    live = settings.PROJECT / publishing.LIVE
    report = None
    if not publication.full_training and live.exists():
        try:
            report = training.train(settings.PROJECT, publishing.DRAFT_DIR, finetune=live)
        except training.TrainingFailed:
            publication.full_training = True
            publication.save()
    if report is None:
        report = training.train(settings.PROJECT, publishing.DRAFT_DIR)
    publication.train_seconds, publication.status = time.monotonic() - started, Publication.CHECKING
    publication.save()
    return report.model


def check(publication: Publication, draft) -> None:
    started = time.monotonic()
    changes = publishing.compare_with_live(settings.PROJECT, draft)
    publication.changes = [{"label": c.label, "before": c.before, "now": c.now, "worse": c.worse} for c in changes]
    publication.check_seconds = time.monotonic() - started
    if publication.worse:
        publication.status = Publication.REFUSED
    elif not publication.publish:
        publication.status = Publication.READY
    publication.save()


def make_live(publication: Publication, draft, published_by: str = "") -> None:
    kept = publishing.publish(settings.PROJECT, draft)
    publication.model_name, publication.fingerprint = kept.name, model_fingerprint(kept)
    publication.status, publication.published_at = Publication.PUBLISHED, timezone.now()
    publication.save()
    record_as(published_by or publication.started_by, ChangeRecord.PUBLISH, kept.name,
              publication.override_reason and f"published although something got worse: {publication.override_reason}")


def override(publication: Publication, user, reason: str) -> None:
    """An owner publishes a refused draft anyway; the reason is kept with it."""
    publication.override_by, publication.override_reason = user.get_username(), reason
    publish_draft(publication, user)


def publish_draft(publication: Publication, user) -> None:
    """A draft kept to try (or refused, with an owner's reason) goes live."""
    if Publication.objects.filter(started_at__gt=publication.started_at).exists():
        raise NotTheNewestDraft("A newer draft has been trained since this one; publish that one instead.")
    make_live(publication, settings.PROJECT / publishing.DRAFT, user.get_username())


def record_as(name: str, kind: str, subject: str, detail: str = "") -> None:
    ChangeRecord.objects.create(made_by=name, kind=kind, subject=subject, detail=detail or "")


def roll_back(user, name: str) -> None:
    model = publishing.roll_back(settings.PROJECT, name)
    record(user, ChangeRecord.ROLLBACK, model.name)
