"""Text in, labels out: type, urgency and tone with calibrated confidence, admin rules and signals.

Pure: no network, no mailbox, never imports ``pipeline``. The pipeline calls ``Triager.load`` once
and ``Triager.classify`` per message; the CLI calls ``train``, ``evaluate`` and ``load_rules``.
Intents below the type: ``IntentModel`` (via ``fit_cached``) and ``QuestionIndex`` for playbook answers.
"""

from .artifacts import load_model, read_card
from .data import export_training_csv, read_labelled_csv
from .default import default_model_dir
from .evaluate import evaluate
from .intent_cache import fit_cached
from .intents import NONE, IntentModel, IntentPrediction, intent_text
from .questions import QuestionIndex
from .rules import Rules, load_rules, parse_rules
from .train import train
from .triager import Triager
from .types import (
    BANDS,
    HEADS,
    LABELS,
    TONE_LABELS,
    TYPE_LABELS,
    URGENCY_LABELS,
    ClassifierError,
    Decision,
    ModelFileError,
    RulesError,
    TextInput,
    TrainingDataError,
    Triage,
)

__all__ = [
    "BANDS",
    "HEADS",
    "LABELS",
    "NONE",
    "TONE_LABELS",
    "TYPE_LABELS",
    "URGENCY_LABELS",
    "ClassifierError",
    "Decision",
    "IntentModel",
    "IntentPrediction",
    "ModelFileError",
    "QuestionIndex",
    "Rules",
    "RulesError",
    "TextInput",
    "TrainingDataError",
    "Triage",
    "Triager",
    "default_model_dir",
    "evaluate",
    "export_training_csv",
    "fit_cached",
    "intent_text",
    "load_model",
    "load_rules",
    "parse_rules",
    "read_card",
    "read_labelled_csv",
    "train",
]
