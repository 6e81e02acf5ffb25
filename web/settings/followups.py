"""Follow-up sequences on the Settings page: the ones in force (the built-in defaults until the shop
saves its own), each step's wait, channel and wording. Pure: the form in, the settings row out.

The form is plain HTML: each sequence and step has a "remove" box, each sequence ends with a blank
step to add, and a blank sequence comes last; a blank left blank adds nothing. The saved row is read
by the pipeline's own sequence reader (appliance/pipeline/settings.py) before it is kept, so a bad
placeholder or wait is refused with its reason and the step named as the page names it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from appliance.config import Config, ConfigError
from appliance.pipeline.followups import template_values
from appliance.pipeline.settings import Sequence, Step, sequences
from web.settings.plain_checks import checked

SETTING = "pipeline.sequences"
UNITS = {"minutes": 1, "hours": 60, "days": 24 * 60}      # a wait's unit, in minutes
_FIELD_WORDS = {"template": "wording", "channel": "channel", "subject": "email subject", "stage": "stage",
                "intents": "requests", "steps": "steps"}


@dataclass
class StepForm:
    amount: str
    unit: str
    channel: str = "sms"
    template: str = ""
    subject: str = ""
    remove: bool = False
    new: bool = False           # the blank row for adding a step: ignored while its wording is blank


@dataclass
class SequenceForm:
    name: str
    stage: str
    intents: str = ""           # kept as the config file says them; the page does not edit them
    steps: list[StepForm] = field(default_factory=list)
    remove: bool = False
    new: bool = False


def form_values(config: Config) -> list[SequenceForm]:
    """The sequences in force, as the form shows them."""
    return [_sequence_form(sequence) for sequence in sequences(config)]


def sample_values(config: Config) -> dict[str, str]:
    """A follow-up's placeholders as a made-up customer would get them, for the preview."""
    return template_values(config, {"name": "Dana", "service": "Drain cleaning"})


def blank_step() -> StepForm:
    return StepForm("1", "days", new=True)


def blank_sequence() -> SequenceForm:
    return SequenceForm("", "contacted", steps=[blank_step()], new=True)


def typed(form: Mapping[str, str]) -> list[SequenceForm]:
    """What the owner typed, in the form's own shape (to show it again when it is refused); blanks
    left blank are left out."""
    found = [_typed_sequence(form, f"seq-{i}") for i in _indexes(form, "seq-{}-stage")]
    return [sequence for sequence in found if not (sequence.new and not sequence.name and not sequence.steps)]


def rows_from_form(form: Mapping[str, str], config: Config) -> dict[str, list[dict]]:
    """The ``pipeline.sequences`` row for what was typed; ConfigError, naming the step, for anything wrong.
    An empty list (every sequence removed) puts the defaults back in force."""
    kept = [sequence for sequence in typed(form) if not sequence.remove]
    labels: dict[str, str] = {}
    row = []
    for i, sequence in enumerate(kept):
        key, label = f"{SETTING}[{i}]", _sequence_label(sequence)
        labels.update(_labels(key, label))
        steps = []
        for number, step in enumerate(sequence.steps, start=1):
            if step.remove:
                continue
            step_key, step_label = f"{key}.steps[{len(steps)}]", f"{label}, step {number}"
            labels.update(_labels(step_key, step_label))
            steps.append(_step_row(step, step_label))
        row.append({"name": sequence.name, "stage": sequence.stage,
                    "intents": [intent.strip() for intent in sequence.intents.split(",") if intent.strip()],
                    "steps": steps})
    names = [sequence["name"].lower() for sequence in row]
    repeated = next((sequence["name"] for sequence in row if names.count(sequence["name"].lower()) > 1), None)
    if repeated:
        raise ConfigError(f"Follow-ups: two are called “{repeated}”; give each its own name")
    checked(config, {SETTING: row}, labels)
    return {SETTING: row}


def _sequence_form(sequence: Sequence) -> SequenceForm:
    return SequenceForm(sequence.name, sequence.stage, ", ".join(sequence.intents),
                        [_step_form(step) for step in sequence.steps])


def _step_form(step: Step) -> StepForm:
    minutes = int(step.delay / timedelta(minutes=1))
    unit = next(unit for unit in ("days", "hours", "minutes") if minutes % UNITS[unit] == 0)
    return StepForm(str(minutes // UNITS[unit]), unit, step.channel, step.template, step.subject)


def _step_row(step: StepForm, label: str) -> dict:
    if step.unit not in UNITS:
        raise ConfigError(f"{label}: the wait must be in minutes, hours or days")
    try:
        amount = int(step.amount)
    except ValueError:
        raise ConfigError(f"{label}: the wait {step.amount!r} is not a whole number") from None
    hours, minutes = divmod(amount * UNITS[step.unit], 60)
    return {"delay_hours": hours, "delay_minutes": minutes, "channel": step.channel, "template": step.template,
            "subject": step.subject}


def _labels(key: str, label: str) -> dict[str, str]:
    """How a refusal names this sequence or step, and each of its fields."""
    return {key: label, **{f"{key}.{name}": f"{label}, {words}" for name, words in _FIELD_WORDS.items()}}


def _sequence_label(sequence: SequenceForm) -> str:
    return f"Follow-up “{sequence.name}”" if sequence.name else "The new follow-up"


def _typed_sequence(form: Mapping[str, str], prefix: str) -> SequenceForm:
    steps = [_typed_step(form, f"{prefix}-step-{j}") for j in _indexes(form, prefix + "-step-{}-channel")]
    return SequenceForm(form.get(f"{prefix}-name", "").strip(), form.get(f"{prefix}-stage", ""),
                        form.get(f"{prefix}-intents", ""), [step for step in steps if not (step.new and not step.template)],
                        f"{prefix}-remove" in form, f"{prefix}-new" in form)


def _typed_step(form: Mapping[str, str], prefix: str) -> StepForm:
    return StepForm(form.get(f"{prefix}-amount", "").strip(), form.get(f"{prefix}-unit", ""),
                    form.get(f"{prefix}-channel", ""), form.get(f"{prefix}-template", "").strip(),
                    form.get(f"{prefix}-subject", "").strip(), f"{prefix}-remove" in form, f"{prefix}-new" in form)


def _indexes(form: Mapping[str, str], name: str) -> range:
    """0, 1, 2 ... while the form has a field called ``name`` with that number."""
    count = 0
    while name.format(count) in form:
        count += 1
    return range(count)
