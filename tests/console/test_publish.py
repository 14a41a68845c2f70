"""Publishing: the draft against the live model, the refusal and the owner's override, the
live model served to the Rasa server as Rasa's model-server protocol asks, roll-back."""
import json

import pytest
from django.test import Client

from bot.contract import model_fingerprint
from bot.staff import publishing
from bot.staff.console import publishing_job
from bot.staff.console.models import ChangeRecord, Publication

pytestmark = pytest.mark.django_db
TOKEN = "model-token-for-tests"
LIVE_SCORES = {"faq/safety": [8, 8], "faq/prices": [7, 8], "red_flag_urgent": [31, 31]}


@pytest.fixture
def models(console_project, settings):
    """A live and a draft model file (their contents do not matter here) and the held-out
    scores the check keeps for each by fingerprint."""
    settings.MODEL_TOKEN = TOKEN
    live, draft = console_project / publishing.LIVE, console_project / publishing.DRAFT
    draft.parent.mkdir(parents=True)
    live.write_bytes(b"live model")
    draft.write_bytes(b"draft model")
    return live, draft


def scores(project, model, values):
    path = project / publishing.SCORES_DIR / f"{model_fingerprint(model)}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values))


def test_a_draft_that_misses_one_more_red_flag_is_not_published(owner, console_project, models):
    live, draft = models
    scores(console_project, live, LIVE_SCORES)
    scores(console_project, draft, {**LIVE_SCORES, "faq/prices": [8, 8], "red_flag_urgent": [30, 31]})
    publication = Publication.objects.create(started_by="olivia", status=Publication.CHECKING)
    publishing_job.check(publication, draft)
    assert publication.status == Publication.REFUSED
    assert [c["label"] for c in publication.worse] == ["red_flag_urgent"]  # 97% < 100%: any drop counts
    page = owner.get(f"/publish/{publication.pk}/").content.decode()
    assert "red_flag_urgent" in page and "worse" in page and "Publish anyway" in page
    assert live.read_bytes() == b"live model"


def test_a_draft_as_good_or_better_is_published_and_kept(console_project, models):
    live, draft = models
    scores(console_project, live, LIVE_SCORES)
    scores(console_project, draft, {**LIVE_SCORES, "faq/prices": [8, 8]})
    publication = Publication.objects.create(started_by="eddie", status=Publication.CHECKING)
    publishing_job.check(publication, draft)
    publishing_job.make_live(publication, draft)
    assert publication.status == Publication.PUBLISHED
    assert live.read_bytes() == b"draft model"
    assert publication.fingerprint == model_fingerprint(live)
    assert [p.name for p in publishing.published_models(console_project)] == [publication.model_name]
    assert ChangeRecord.objects.get().kind == "publish"


def test_only_an_owner_overrides_a_refusal_and_only_with_a_reason(owner, editor, console_project, models):
    live, _ = models
    publication = Publication.objects.create(started_by="eddie", status=Publication.REFUSED)
    assert editor.post(f"/publish/{publication.pk}/override/", {"reason": "fine"}).status_code == 403
    owner.post(f"/publish/{publication.pk}/override/", {"reason": "  "})
    assert live.read_bytes() == b"live model"
    owner.post(f"/publish/{publication.pk}/override/", {"reason": "the held-out question was wrong"})
    publication.refresh_from_db()
    assert publication.status == Publication.PUBLISHED and publication.override_by == "olivia"
    assert live.read_bytes() == b"draft model"
    assert "the held-out question was wrong" in ChangeRecord.objects.get(kind="publish").detail


def test_the_rasa_server_gets_the_live_model_once_and_with_the_token_only(console_project, models):
    live, _ = models
    fingerprint = model_fingerprint(live)
    publication = Publication.objects.create(started_by="eddie", status=Publication.PUBLISHED, fingerprint=fingerprint)
    rasa = {"Authorization": f"Bearer {TOKEN}"}
    assert Client().get("/models/live").status_code == 403
    assert Client().get("/models/live", headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert Client().get("/models/live", {"token": TOKEN}).status_code == 403  # never in a logged address
    fetched = Client().get("/models/live", headers=rasa)
    assert fetched.status_code == 200 and fetched["ETag"] == fingerprint
    assert b"".join(fetched.streaming_content) == b"live model"
    publication.refresh_from_db()
    assert publication.live_at is None  # fetched, not yet loaded
    assert Client().get("/models/live", headers={**rasa, "If-None-Match": fingerprint}).status_code == 304
    publication.refresh_from_db()
    assert publication.live_at is not None  # the Rasa server has it loaded


def test_roll_back_makes_an_older_model_live_again(editor, console_project, models):
    live, draft = models
    first = publishing.publish(console_project, draft)
    draft.write_bytes(b"second draft")
    publishing.publish(console_project, draft)
    assert live.read_bytes() == b"second draft"
    response = editor.post("/publish/roll-back/", {"model": first.name})
    assert response.status_code == 302
    assert live.read_bytes() == b"draft model"
    assert ChangeRecord.objects.get(kind="rollback").subject == first.name
    editor.post("/publish/roll-back/", {"model": "../../clinic.yml"})
    assert live.read_bytes() == b"draft model"


def test_only_one_publish_runs_at_a_time(editor, console_project):
    Publication.objects.create(started_by="olivia", status=Publication.TRAINING)
    response = editor.post("/publish/start/", follow=True)
    assert "still running" in response.content.decode()
    assert Publication.objects.count() == 1


def test_a_training_that_fails_says_why(editor, console_project):
    (console_project / "domain.yml").write_text("responses: [this is not a domain\n")
    publication = Publication.objects.create(started_by="eddie")
    publishing_job.run(publication.pk)
    publication.refresh_from_db()
    assert publication.status == Publication.FAILED and publication.error
    page = editor.get(f"/publish/{publication.pk}/").content.decode()
    assert "Failed" in page and "\x1b[" not in page


def test_a_draft_to_try_stops_before_publishing_and_goes_live_when_staff_say_so(editor, console_project, models):
    live, draft = models
    scores(console_project, live, LIVE_SCORES)
    scores(console_project, draft, LIVE_SCORES)
    publication = Publication.objects.create(started_by="eddie", status=Publication.CHECKING, publish=False)
    publishing_job.check(publication, draft)
    assert publication.status == Publication.READY and live.read_bytes() == b"live model"
    page = editor.get(f"/publish/{publication.pk}/").content.decode()
    assert "A draft to try" in page and "Publish this draft" in page
    editor.post(f"/publish/{publication.pk}/publish/")
    publication.refresh_from_db()
    assert publication.status == Publication.PUBLISHED and live.read_bytes() == b"draft model"
    assert ChangeRecord.objects.get(kind="publish").made_by == "eddie"


def test_an_older_draft_cannot_be_published_over_a_newer_one(editor, console_project, models):
    live, _ = models
    older = Publication.objects.create(started_by="eddie", status=Publication.READY, publish=False)
    Publication.objects.create(started_by="olivia", status=Publication.READY, publish=False)
    response = editor.post(f"/publish/{older.pk}/publish/", follow=True)
    assert "A newer draft has been trained since this one" in response.content.decode()
    assert live.read_bytes() == b"live model"


def test_the_draft_server_gets_the_newest_draft_and_try_it_knows_when_it_has_it(editor, console_project, models):
    live, draft = models
    draft_server = {"Authorization": f"Bearer {TOKEN}"}
    assert Client().get("/models/draft").status_code == 403
    fetched = Client().get("/models/draft", headers=draft_server)
    assert b"".join(fetched.streaming_content) == b"draft model"
    assert "loading the newest draft" in editor.get("/try/").content.decode()
    fingerprint = model_fingerprint(draft)
    assert Client().get("/models/draft", headers={**draft_server, "If-None-Match": fingerprint}).status_code == 304
    page = editor.get("/try/").content.decode()
    assert "loading the newest draft" not in page and "You are talking to the newest draft" in page
    draft.unlink()  # before any draft, "Try it" talks to a copy of the live assistant
    fetched = Client().get("/models/draft", headers=draft_server)
    assert b"".join(fetched.streaming_content) == b"live model"
