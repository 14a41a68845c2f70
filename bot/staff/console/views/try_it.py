"""Try it: a chat with the draft assistant, kept in the staff member's session."""
import uuid

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from bot.contract import MAX_MESSAGE_CHARS
from bot.staff.console import trying
from bot.staff.console.models import Publication
from bot.staff.console.roles import staff_required

SESSION_KEY = "try_it"
KEEP_MESSAGES = 60  # of a conversation, on the page


class MessageForm(forms.Form):
    message = forms.CharField(max_length=MAX_MESSAGE_CHARS, strip=True)
    shown = forms.CharField(required=False, max_length=200)  # a button's title, sent as its payload


def new_conversation() -> dict:
    return {"sender": f"console-try-{uuid.uuid4().hex}", "messages": []}


@staff_required
def try_page(request):
    conversation = request.session.get(SESSION_KEY) or new_conversation()
    if request.method == "POST":
        form = MessageForm(request.POST)
        if form.is_valid():
            say(request, conversation, form.cleaned_data["message"], form.cleaned_data["shown"])
        else:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("try")
    model = trying.model_to_try()
    return render(request, "console/try.html", {
        "conversation": conversation["messages"], "model": model, "form": MessageForm(),
        "draft": Publication.objects.filter(train_seconds__isnull=False).first(),
        "waiting": model is not None and not model["loaded"]})


def say(request, conversation: dict, text: str, shown: str) -> None:
    try:
        replies = trying.send(conversation["sender"], text)
    except trying.DraftUnavailable as error:
        messages.error(request, str(error))
        return
    conversation["messages"] = (conversation["messages"] + [{"from": "staff", "text": shown or text}] + [
        {"from": "assistant", "text": reply.get("text", ""), "buttons": reply.get("buttons") or [],
         "style": reply.get("style", "")} for reply in replies])[-KEEP_MESSAGES:]
    request.session[SESSION_KEY] = conversation


@staff_required
@require_POST
def start_again(request):
    request.session[SESSION_KEY] = new_conversation()
    return redirect("try")
