from django.db import models


class ChangeRecord(models.Model):
    """One change a staff member made, shown on the History page. The name is kept as
    text, so a change stays attributed after its author's account is removed."""

    ANSWER, EXAMPLE, TOPIC, REVIEW, CLINIC, STAFF = "answer", "example", "topic", "review", "clinic", "staff"
    PUBLISH, ROLLBACK = "publish", "rollback"
    KINDS = [(ANSWER, "answer"), (EXAMPLE, "example question"), (TOPIC, "new topic"),
             (REVIEW, "missed question"), (CLINIC, "clinic settings"), (STAFF, "staff account"),
             (PUBLISH, "publish"), (ROLLBACK, "roll back")]

    made_at = models.DateTimeField(auto_now_add=True, db_index=True)
    made_by = models.CharField(max_length=150)
    kind = models.CharField(max_length=10, choices=KINDS)
    subject = models.CharField(max_length=100)  # the topic, the setting or the account
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-made_at", "-id"]

    def __str__(self) -> str:
        return f"{self.made_at:%Y-%m-%d %H:%M} {self.made_by}: {self.get_kind_display()} {self.subject}"


def record(user, kind: str, subject: str, detail: str = "") -> ChangeRecord:
    return ChangeRecord.objects.create(made_by=user.get_username(), kind=kind, subject=subject, detail=detail)


class Publication(models.Model):
    """One "Check and publish": train the draft, compare it with the live model, make it live;
    or, with `publish` off, stop at the draft for staff to try it first."""

    TRAINING, CHECKING, REFUSED, PUBLISHED, FAILED = "training", "checking", "refused", "published", "failed"
    READY = "ready"
    STATUSES = [(TRAINING, "training"), (CHECKING, "checking"), (REFUSED, "not published: something got worse"),
                (READY, "draft ready to try, not published"), (PUBLISHED, "published"), (FAILED, "failed")]
    RUNNING = (TRAINING, CHECKING)

    started_by = models.CharField(max_length=150)
    started_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=STATUSES, default=TRAINING)
    full_training = models.BooleanField(default=False)  # asked for, or needed (a new topic)
    publish = models.BooleanField(default=True)  # off: the draft waits to be tried
    train_seconds = models.FloatField(null=True)
    check_seconds = models.FloatField(null=True)
    changes = models.JSONField(default=list)  # [{label, before, now, worse}] held-out, draft against live
    error = models.TextField(blank=True)
    model_name = models.CharField(max_length=100, blank=True)  # in models/published/
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    published_at = models.DateTimeField(null=True)
    live_at = models.DateTimeField(null=True)  # when the Rasa server said it had loaded it
    override_by = models.CharField(max_length=150, blank=True)
    override_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    @property
    def running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def worse(self):
        return [change for change in self.changes if change["worse"]]

    @property
    def changed(self):
        return [change for change in self.changes if change["before"] != change["now"]]

    @property
    def swap_seconds(self):
        return (self.live_at - self.published_at).total_seconds() if self.live_at and self.published_at else None
