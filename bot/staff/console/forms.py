"""The console's forms: each checks what `bot check` would, next to the field at fault."""
from typing import Dict, List

from django import forms

from bot.sources import SOURCE_FORMATS, document_numbers, source_problem
from bot.staff.content.checks import MAX_ANSWER_CHARS
from bot.staff.content.topics import (BUTTON_INTENTS, BUTTON_SEPARATOR, CLINIC_LINKS, MAX_BUTTONS, TOPIC_NAME,
                                      ContentError, FaqContent, parse_button)
from bot.contract import normalise


def lines(text: str) -> List[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class TopicForm(forms.Form):
    """A topic's answer, sources and example questions, one per line. `version` is the
    file as it was when the page was opened, so a change someone else saved meanwhile is
    noticed instead of overwritten."""

    answer = forms.CharField(widget=forms.Textarea(attrs={"rows": 7}), max_length=MAX_ANSWER_CHARS,
                             help_text=f"What the assistant says, at most {MAX_ANSWER_CHARS} characters "
                                       "(a chat bubble, three text messages).")
    sources = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=f"One per line: {SOURCE_FORMATS}.")
    buttons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Follow-up buttons",
        help_text=f"At most {MAX_BUTTONS}, one per line: the button's text, then{BUTTON_SEPARATOR}then what it "
                  "sends: a question as a visitor would ask it, a web address or "
                  f"{', '.join(sorted(CLINIC_LINKS))}, or "
                  + ", ".join(f"{intent} ({what})" for intent, what in BUTTON_INTENTS.items()) + ".")
    questions = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}), label="Example questions",
                                help_text="One per line, as visitors would ask it. The first is shown on buttons.")
    version = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, content: FaqContent, topic: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.content, self.topic = content, topic

    def clean_sources(self) -> List[str]:
        sources = lines(self.cleaned_data["sources"])
        documents = document_numbers(self.content.project)
        problems = [problem for problem in (source_problem(s, documents) for s in sources) if problem]
        if problems:
            raise forms.ValidationError(problems)
        if not sources:
            raise forms.ValidationError(f"Give each fact's source as {SOURCE_FORMATS}.")
        return sources

    def clean_buttons(self) -> List[Dict[str, str]]:
        buttons, problems = [], []
        for line in lines(self.cleaned_data["buttons"]):
            try:
                buttons.append(parse_button(line))
            except ContentError as error:
                problems.append(str(error))
        if len(buttons) > MAX_BUTTONS:
            problems.append(f"At most {MAX_BUTTONS} buttons: WhatsApp shows no more.")
        if problems:
            raise forms.ValidationError(problems)
        return buttons

    def clean_questions(self) -> List[str]:
        try:
            questions = [FaqContent.clean_question(q) for q in lines(self.cleaned_data["questions"])]
        except ContentError as error:
            raise forms.ValidationError(str(error)) from error
        if not questions:
            raise forms.ValidationError("A topic needs at least one example question.")
        problems = repeated_questions(questions) + questions_of_other_topics(self.content, self.topic, questions)
        if problems:
            raise forms.ValidationError(problems)
        return questions


def repeated_questions(questions: List[str]) -> List[str]:
    seen: Dict[str, str] = {}
    problems = []
    for question in questions:
        if normalise(question) in seen:
            problems.append(f"{question!r} is in the list twice.")
        seen.setdefault(normalise(question), question)
    return problems


def questions_of_other_topics(content: FaqContent, topic: str, questions: List[str]) -> List[str]:
    owner = {normalise(example): other.name for other in content.topics().values() if other.name != topic
             for example in other.examples}
    return [f"{q!r} is already an example of topic {owner[normalise(q)]!r}." for q in questions
            if normalise(q) in owner]


class NewTopicForm(forms.Form):
    name = forms.CharField(max_length=60, help_text="3-60 lower-case letters, digits or _, e.g. dry_needling.")
    question = forms.CharField(max_length=300, help_text="The topic's main question, as a visitor would ask it.")
    answer = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), max_length=MAX_ANSWER_CHARS)
    sources = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text=f"One per line: {SOURCE_FORMATS}.")

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not TOPIC_NAME.fullmatch(name):
            raise forms.ValidationError("3-60 lower-case letters, digits or _, starting with a letter.")
        return name

    def clean_sources(self) -> List[str]:
        return lines(self.cleaned_data["sources"])


class ReviewForm(forms.Form):
    message = forms.CharField(widget=forms.HiddenInput)
    topic = forms.CharField(required=False)
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("ignore", "ignore")])
