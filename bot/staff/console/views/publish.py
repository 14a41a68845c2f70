"""Publish: check and publish the draft, watch it go live, roll back; and the model server
the Rasa server pulls the live model from."""
import hmac

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from bot.staff import publishing
from bot.staff.console import publishing_job, trying
from bot.staff.console.models import Publication
from bot.staff.console.roles import owner_required, staff_required


@staff_required
def publish_page(request):
    publishing_job.mark_abandoned()
    live = settings.PROJECT / publishing.LIVE
    live_fingerprint = publishing.current_fingerprint(live) if live.exists() else ""
    models = [{"name": path.name, "live": publishing.current_fingerprint(path) == live_fingerprint}
              for path in publishing.published_models(settings.PROJECT)]
    return render(request, "console/publish.html", {
        "publications": Publication.objects.all()[:10], "models": models})


@staff_required
@require_POST
def start(request):
    try:
        publication = publishing_job.start(request.user, full_training=request.POST.get("full_training") == "on",
                                           publish=request.POST.get("then") != "try")
    except publishing_job.AlreadyRunning as error:
        messages.error(request, str(error))
        return redirect("publish")
    return redirect("publication", pk=publication.pk)


@staff_required
def publication_page(request, pk):
    publication = get_object_or_404(Publication, pk=pk)
    waiting = publication.running or (publication.status == Publication.PUBLISHED and not publication.live_at)
    elapsed = (timezone.now() - publication.started_at).total_seconds()
    return render(request, "console/publication.html", {
        "publication": publication, "waiting": waiting, "elapsed": elapsed,
        "step": {Publication.TRAINING: 1, Publication.CHECKING: 2}.get(publication.status, 3)})


@owner_required
@require_POST
def override(request, pk):
    publication = get_object_or_404(Publication, pk=pk, status=Publication.REFUSED)
    reason = " ".join(request.POST.get("reason", "").split())
    if not reason:
        messages.error(request, "Say why it should be published although something got worse.")
        return redirect("publication", pk=pk)
    try:
        publishing_job.override(publication, request.user, reason)
    except publishing_job.NotTheNewestDraft as error:
        messages.error(request, str(error))
    return redirect("publication", pk=pk)


@staff_required
@require_POST
def publish_draft(request, pk):
    """The draft staff tried, checked with nothing worse, goes live."""
    publication = get_object_or_404(Publication, pk=pk, status=Publication.READY)
    try:
        publishing_job.publish_draft(publication, request.user)
    except publishing_job.NotTheNewestDraft as error:
        messages.error(request, str(error))
    return redirect("publication", pk=pk)


@staff_required
@require_POST
def roll_back(request):
    try:
        publishing_job.roll_back(request.user, request.POST.get("model", ""))
    except publishing.PublishingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Rolled back: the assistant loads that model within a few seconds.")
    return redirect("publish")


@require_GET
def live_model(request):
    """Rasa's model server protocol, for the Rasa server visitors talk to: the live model."""
    live = settings.PROJECT / publishing.LIVE
    response = model_server(request, live)
    if response.status_code == 304:  # Rasa sends the fingerprint of the model it has loaded: it is live now
        Publication.objects.filter(fingerprint=response["ETag"], live_at__isnull=True).update(live_at=timezone.now())
    return response


@require_GET
def draft_model(request):
    """The same for the Rasa server behind "Try it": the newest draft, or the live model before any."""
    response = model_server(request, trying.model_path())
    if response.status_code == 304:
        trying.note_loaded(response["ETag"])
    return response


def model_server(request, model):
    """The model with its fingerprint as the ETag, or 304 when the server asking already has it.
    Only for the project's Rasa servers, which send the token (`Authorization: Bearer ...`,
    kept out of access logs)."""
    token = settings.MODEL_TOKEN
    if not token or not hmac.compare_digest(request.headers.get("Authorization", ""), f"Bearer {token}"):
        return HttpResponseForbidden()
    if not model.exists():
        raise Http404
    fingerprint = publishing.current_fingerprint(model)
    if request.headers.get("If-None-Match") == fingerprint:
        response = HttpResponse(status=304)
        response["ETag"] = fingerprint
        return response
    response = FileResponse(open(model, "rb"), content_type="application/gzip")
    response["ETag"], response["filename"] = fingerprint, model.name
    return response
