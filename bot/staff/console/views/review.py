"""Missed questions: what visitors asked that the assistant declined or was unsure of."""
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from bot.staff.console.forms import ReviewForm
from bot.staff.console.models import ChangeRecord, record
from bot.staff.console.roles import staff_required
from bot.staff.console.views.topics import WRITING, content
from bot.staff.content.review import ConversationReview
from bot.staff.content.topics import ContentError


def review() -> ConversationReview:
    return ConversationReview(settings.PROJECT, settings.ENDPOINTS_FILE)


@staff_required
def missed_questions(request):
    try:
        pending = review().pending()
    except ContentError as error:
        messages.error(request, str(error))
        pending = []
    return render(request, "console/review.html", {
        "pending": sorted(pending, key=lambda c: (-c.times, c.text)), "topics": list(content().topics())})


@staff_required
@require_POST
def decide(request):
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That choice did not come through; please try again.")
        return redirect("review")
    message, topic = form.cleaned_data["message"], form.cleaned_data["topic"] or None
    try:
        with WRITING:
            if form.cleaned_data["decision"] == "accept":
                review().accept(message, topic)
                record(request.user, ChangeRecord.REVIEW, topic or "likely topic", f"added as an example ({message})")
                messages.success(request, f"Added as an example of {topic or 'the likely topic'}.")
            else:
                review().ignore(message)
                record(request.user, ChangeRecord.REVIEW, "ignored", message)
                messages.success(request, "Ignored.")
    except ContentError as error:
        messages.error(request, str(error))
    return redirect("review")
