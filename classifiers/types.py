"""Values that cross the ``classifiers`` boundary, and the errors it raises.

ClassifierError (ValueError)
  RulesError           config/rules.toml is wrong; names the file, the key and a hint
  ModelFileError       a model directory is missing, tampered with, or from elsewhere
  TrainingDataError    a training / evaluation CSV cannot be used; names the file and row
"""

from __future__ import annotations

from dataclasses import dataclass

TYPE_LABELS = ("billing", "technical", "outage", "returns", "sales", "general")
URGENCY_LABELS = ("high", "normal", "low")  # highest first: "raise" moves towards index 0
TONE_LABELS = ("frustrated", "neutral")
LABELS: dict[str, tuple[str, ...]] = {"type": TYPE_LABELS, "urgency": URGENCY_LABELS, "tone": TONE_LABELS}
HEADS = ("type", "urgency", "tone")
BANDS = ("high", "medium", "low")


@dataclass(frozen=True, slots=True)
class TextInput:
    """What the pipeline knows about one message, as plain text."""

    subject: str
    body: str  # the customer's new text (quotes/signature already removed)
    sender: str = ""  # e-mail address of the sender, lower-case
    headers: tuple[tuple[str, str], ...] = ()  # decoded headers, lower-case names
    thread_depth: int = 0  # how many earlier messages this one follows up (len(References))
    language: str = ""  # "en", "de", ... if the caller knows it, else ""


@dataclass(frozen=True, slots=True)
class Decision:
    """One head's answer: the label, how sure we are, and why."""

    label: str
    confidence: float  # calibrated probability of `label`, 0..1
    band: str  # "high" | "medium" | "low"
    why: tuple[str, ...]  # e.g. ("rule:vip-domain", "model:type top terms: invoice, charged")


@dataclass(frozen=True, slots=True)
class Triage:
    """The three decisions for a message, the admin rules that fired and a one-line explanation."""

    type: Decision
    urgency: Decision
    tone: Decision
    rules_fired: tuple[str, ...]
    explanation: str


class ClassifierError(ValueError):
    """Root of the errors ``classifiers`` raises on purpose."""


class RulesError(ClassifierError):
    """``rules.toml`` is wrong; a person must edit it. ``str()`` reads ``file: key: problem (hint)``."""

    def __init__(self, file: str, key: str, problem: str, hint: str = "") -> None:
        self.file, self.key, self.problem, self.hint = str(file), key, problem, hint
        where = f"{self.file}: {key}: " if key else f"{self.file}: "
        super().__init__(where + problem + (f" ({hint})" if hint else ""))


class ModelFileError(ClassifierError):
    """A model directory cannot be trusted or used: missing, tampered, mismatched or unknown."""


class TrainingDataError(ClassifierError):
    """A labelled CSV cannot be used for training or evaluation."""
