"""Answers: the topics with their example counts; a topic's answer, sources and questions."""
import threading

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from bot.contract import FAQ_INTENT, MIN_EXAMPLES_PER_TOPIC
from bot.staff import publishing
from bot.staff.console.clinic_form import version_of
from bot.staff.console.forms import NewTopicForm, TopicForm
from bot.staff.console.models import ChangeRecord, record
from bot.staff.console.roles import staff_required
from bot.staff.content.checks import MAX_ANSWER_CHARS
from bot.staff.content.topics import ContentError, FaqContent, TopicContent, button_line

# One gunicorn worker writes the files (README, "The clinic console"); this keeps two
# saves of the same topic from interleaving between the version check and the write.
WRITING = threading.Lock()


def content() -> FaqContent:
    return FaqContent(settings.PROJECT)


@staff_required
def topic_list(request):
    scores = publishing.scores_if_known(settings.PROJECT, settings.PROJECT / publishing.LIVE)
    topics = [{"topic": topic, "score": scores.get(f"{FAQ_INTENT}/{topic.name}")}
              for topic in content().topics().values()]
    return render(request, "console/topics.html", {
        "topics": topics, "scored": bool(scores), "min_examples": MIN_EXAMPLES_PER_TOPIC,
        "max_answer": MAX_ANSWER_CHARS})


@staff_required
def topic_edit(request, name):
    faq = content()
    topic = faq.topics().get(name)
    if topic is None:
        raise Http404(f"no topic {name}")
    form = TopicForm(request.POST or None, content=faq, topic=name, initial={
        "answer": topic.answer_text, "sources": "\n".join((topic.answer or {}).get("metadata", {}).get("sources", [])),
        "buttons": "\n".join(button_line(b) for b in (topic.answer or {}).get("buttons") or []),
        "questions": "\n".join(topic.examples), "version": version_of(topic.path)})
    if request.method == "POST" and form.is_valid():
        with WRITING:
            if version_of(topic.path) != form.cleaned_data["version"]:
                form.add_error(None, "Someone saved this topic after you opened it. Your text is still "
                                     "below: copy what you need, then open the topic again to see theirs.")
                return render(request, "console/topic.html", {"topic": topic, "form": form, "conflict": True})
            save_topic(request, faq, topic, form.cleaned_data)
        messages.success(request, f"Saved {name}. Visitors see it once it is published.")
        return redirect("topic", name=name)
    return render(request, "console/topic.html", {"topic": topic, "form": form})


def save_topic(request, faq: FaqContent, topic, cleaned) -> None:
    before = set(topic.examples)
    after = cleaned["questions"]
    faq.replace_topics([TopicContent(topic.name, tuple(after), cleaned["answer"].strip(), tuple(cleaned["sources"]),
                                     tuple(cleaned["buttons"]))])
    added, removed = [q for q in after if q not in before], [q for q in topic.examples if q not in set(after)]
    if cleaned["answer"].strip() != topic.answer_text.strip():
        record(request.user, ChangeRecord.ANSWER, topic.name, cleaned["answer"].strip())
    buttons = "; ".join(button_line(b) for b in cleaned["buttons"])
    if buttons != "; ".join(button_line(b) for b in (topic.answer or {}).get("buttons") or []):
        record(request.user, ChangeRecord.ANSWER, topic.name, f"buttons: {buttons or 'none'}")
    for question in added:
        record(request.user, ChangeRecord.EXAMPLE, topic.name, f"added: {question}")
    for question in removed:
        record(request.user, ChangeRecord.EXAMPLE, topic.name, f"removed: {question}")


@staff_required
def topic_new(request):
    form = NewTopicForm(request.POST or None, initial={"question": request.GET.get("question", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with WRITING:
                content().add_topic(data["name"], data["question"], data["answer"], data["sources"])
        except ContentError as error:
            form.add_error(None, str(error))
        else:
            record(request.user, ChangeRecord.TOPIC, data["name"], data["question"])
            messages.success(request, f"Added the topic {data['name']}. Give it at least "
                                      f"{MIN_EXAMPLES_PER_TOPIC} example questions.")
            return redirect("topic", name=data["name"])
    return render(request, "console/topic_new.html", {"form": form})
