from django.db import models


class ChangeRecord(models.Model):
    """One change a staff member made, shown on the History page. The name is kept as
    text, so a change stays attributed after its author's account is removed."""

    ANSWER, EXAMPLE, TOPIC, REVIEW, CLINIC, STAFF = "answer", "example", "topic", "review", "clinic", "staff"
    KINDS = [(ANSWER, "answer"), (EXAMPLE, "example question"), (TOPIC, "new topic"),
             (REVIEW, "missed question"), (CLINIC, "clinic settings"), (STAFF, "staff account")]

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
