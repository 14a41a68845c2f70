"""clinic.yml as a form: one field per setting, its comment as the help text.

The file is read and written in ruamel's round-trip mode, so its comments and layout stay
as they are; a value is checked by the same model the assistant loads (bot.clinic) before
the file is replaced. Nested settings (`services`, `session_minutes`) are named with a dot.
"""
import hashlib
import io
import os
import re
import tempfile
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import yaml
from django import forms
from pydantic import ValidationError
from pydantic.fields import SHAPE_LIST
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot.clinic import ClinicSettings
from bot.staff.content.topics import load_document, round_trip

NOT_ON_THE_FORM = {"cliniko"}  # an integration, set up with its API key by whoever deploys
TRI_STATE = [("", "not set"), ("true", "yes"), ("false", "no")]


def version_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# A setting's line in clinic.yml: indented under its group or not, an end-of-line comment or not.
SETTING_LINE = re.compile(r"^(?P<indent> *)(?P<key>[a-z_]+):[^#]*(?:#(?P<comment>.*))?$")


def comments_by_setting(text: str) -> Dict[str, str]:
    """Each setting's comment as staff read the file: the comment lines just above it and
    the rest of its own line. (Read from the text: ruamel files a comment under whichever
    node precedes it, which after a list or a group is not the setting it describes.)"""
    comments: Dict[str, str] = {}
    above: List[str] = []
    group = ""
    for line in text.splitlines():
        if line.strip().startswith("#"):
            above.append(comment_text(line))
            continue
        match = SETTING_LINE.match(line)
        if match:
            group = match["key"] if not match["indent"] else group
            name = match["key"] if not match["indent"] else f"{group}.{match['key']}"
            comments[name] = " ".join(part for part in [*above, comment_text(match["comment"] or "")] if part)
        above = []
    return comments


def comment_text(line: str) -> str:
    """A comment without its '#', the file's section rulers, or the "not set." that the
    form's empty field already says."""
    text = line.strip().lstrip("#").strip()
    return "" if text.startswith("----") else re.sub(r"^not set[.:]\s*", "", text)


def settings_fields(document: CommentedMap, comments: Dict[str, str]) -> Iterator[Tuple[str, Any, str, Any]]:
    """(dotted name, value, comment, pydantic field) of every setting on the form; a group's
    comment goes with its first setting."""
    for key, model_field in ClinicSettings.__fields__.items():
        if key in NOT_ON_THE_FORM:
            continue
        value = document.get(key)
        if isinstance(value, CommentedMap) or (value is None and hasattr(model_field.type_, "__fields__")):
            nested = value if isinstance(value, CommentedMap) else CommentedMap()
            for index, (inner, inner_field) in enumerate(model_field.type_.__fields__.items()):
                name = f"{key}.{inner}"
                group = comments.get(key, "") if index == 0 else ""
                yield name, nested.get(inner), f"{group} {comments.get(name, '')}".strip(), inner_field
        else:
            yield key, value, comments.get(key, ""), model_field


def form_field(value: Any, comment: str, model_field: Any) -> forms.Field:
    label = model_field.name.replace("_", " ").capitalize()
    common = {"label": label, "help_text": comment, "required": False}
    if model_field.shape == SHAPE_LIST:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}),
                               **{**common, "help_text": f"One per line. {comment}".strip()})
    if model_field.type_ is bool:
        return forms.TypedChoiceField(choices=TRI_STATE, **common)
    if model_field.type_ is int or issubclass(model_field.type_, int):
        return forms.IntegerField(min_value=1, **common)
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), **common)


def initial_value(value: Any, model_field: Any) -> Any:
    if model_field.shape == SHAPE_LIST:
        return "\n".join(str(item) for item in value or [])
    if model_field.type_ is bool:
        return "" if value is None else str(value).lower()
    return "" if value is None else value


def setting_value(raw: Any, model_field: Any) -> Any:
    """What goes into clinic.yml for a field's cleaned value: ~ (None) when left empty."""
    if model_field.shape == SHAPE_LIST:
        return CommentedSeq([line.strip() for line in str(raw or "").splitlines() if line.strip()])
    if model_field.type_ is bool:
        return {"true": True, "false": False}.get(raw)
    if raw in ("", None):
        return None
    return raw if isinstance(raw, int) else " ".join(str(raw).split())


class ClinicSettingsForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, path: Path, **kwargs):
        super().__init__(*args, **kwargs)
        self.path = path
        self.document = load_document(path)  # a file broken by hand: UnreadableContent, a clear page
        text = path.read_text(encoding="utf-8")
        self.model_fields: Dict[str, Any] = {}
        for name, value, comment, model_field in settings_fields(self.document, comments_by_setting(text)):
            self.fields[name] = form_field(value, comment, model_field)
            self.fields[name].initial = initial_value(value, model_field)
            self.model_fields[name] = model_field
        self.fields["version"].initial = version_of(path)

    def changed_settings(self) -> List[str]:
        return [name for name in self.model_fields if name in self.changed_data]

    def clean(self) -> Dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        for name, model_field in self.model_fields.items():
            put(self.document, name, setting_value(cleaned.get(name), model_field))
        self.new_text = dumps(self.document)
        try:
            ClinicSettings.parse_obj(yaml.safe_load(self.new_text) or {})
        except ValidationError as error:
            for problem in error.errors():
                self.add_field_problem(problem)
        return cleaned

    def add_field_problem(self, problem: Dict[str, Any]) -> None:
        """A pydantic error next to its field: ("timezone",) and ("languages", 0) name one;
        ("session_minutes", "__root__") is about the group, so it goes above the form."""
        names = [str(part) for part in problem["loc"] if part != "__root__" and not isinstance(part, int)]
        name = ".".join(names)
        if name in self.fields:
            self.add_error(name, problem["msg"])
        else:
            self.add_error(None, f"{name.replace('_', ' ')}: {problem['msg']}")

    def save(self) -> None:
        """Replaces the file in one step: the assistant never reads half of it."""
        replace_file(self.path, self.new_text)


def put(document: CommentedMap, dotted: str, value: Any) -> None:
    *parents, key = dotted.split(".")
    for parent in parents:
        if not isinstance(document.get(parent), CommentedMap):
            document[parent] = CommentedMap()
        document = document[parent]
    if document.get(key) != value:
        document[key] = value


def dumps(document: CommentedMap) -> str:
    """As clinic.yml is written by hand: a setting not set is `~`."""
    yaml_writer = round_trip()
    yaml_writer.representer.add_representer(type(None), _tilde)
    text = io.StringIO()
    yaml_writer.dump(document, text)
    return text.getvalue()


def _tilde(representer, _data):
    return representer.represent_scalar("tag:yaml.org,2002:null", "~")


def replace_file(path: Path, text: str) -> None:
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8") as new:
        new.write(text)
    os.replace(new.name, path)
