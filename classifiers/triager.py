"""``Triager``: the one object the pipeline calls. Model, then urgency signals, then admin rules."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .artifacts import load_model
from .model import TriageModel, model_text
from .rules import Action, Rule, Rules, load_rules
from .signals import apply_signals, lexicon_tone, tone_cues, urgency_signals
from .types import URGENCY_LABELS, Decision, TextInput, Triage

Row = tuple[np.ndarray, np.ndarray]  # one message's feature row: sorted column indices, values


class Triager:
    """Classifies messages with a loaded model, the admin rules and the VIP domains.

    Build it with ``Triager.load``; it is read-only afterwards and safe to share between threads.
    """

    def __init__(self, model: TriageModel, card: dict, rules: Rules, vip_domains: tuple[str, ...] = ()):
        self.model, self.card, self.rules, self.vip_domains = model, card, rules, tuple(vip_domains)
        self._fast = {name: head.fast() for name, head in model.heads.items()}
        self._features = model.fast_features()
        # every head's weights side by side: one gather and one product score a message for all heads
        self._coef = np.ascontiguousarray(np.hstack([f.coef for f in self._fast.values()]))
        self._intercept = np.concatenate([f.intercept for f in self._fast.values()])
        self._columns: dict[str, slice] = {}
        start = 0
        for name, f in self._fast.items():
            self._columns[name] = slice(start, start + f.coef.shape[1])
            start += f.coef.shape[1]

    @classmethod
    def load(
        cls, model_dir: Path | None = None, rules_path: Path | None = None, vip_domains: tuple[str, ...] = ()
    ) -> Triager:
        """Load a checked model (the default model when ``model_dir`` is None) and the rules.

        Raises ModelFileError for a model that fails its checks, RulesError for a bad rules file.
        """
        from .default import default_model_dir  # here: default imports train, which is heavier

        model, card = load_model(Path(model_dir) if model_dir is not None else default_model_dir())
        rules = load_rules(Path(rules_path)) if rules_path is not None else Rules()
        return cls(model, card, rules, vip_domains)

    def classify(self, item: TextInput) -> Triage:
        """Type, urgency and tone of ``item``, with confidence, bands, the rules fired and why.

        Computes what scikit-learn would (``classify_reference``; tests compare both) without its
        per-call input checks and sparse-matrix building, which cost more than the arithmetic for
        one message: see ``FastFeatures`` and ``FastHead``.
        """
        cols, vals, known = self._features.row(model_text(item.subject, item.body))
        raw = (vals @ self._coef[cols] + self._intercept)[None, :]
        preds = {}
        for name, fast in self._fast.items():
            labels, conf, probs = fast.from_scores(raw[:, self._columns[name]])
            preds[name] = (labels[0], conf[0], probs[0])
        return self._triage(item, (cols, vals), preds, known)

    def classify_many(self, items: Sequence[TextInput]) -> list[Triage]:
        """``classify`` for each of ``items``, in order."""
        return [self.classify(item) for item in items]

    def classify_reference(self, items: Sequence[TextInput]) -> list[Triage]:
        """``classify_many`` computed by scikit-learn itself (``features.transform``, the SVM's
        ``decision_function``, the calibrator's ``predict_proba``), with all its input checks: the
        reference the fast path is tested against. Slower per message; not for the pipeline."""
        if not items:
            return []
        texts = [model_text(i.subject, i.body) for i in items]
        X = self.model.features.transform(texts).tocsr()
        X.sort_indices()
        known = self.model.familiarity(texts)
        preds = {name: head.predict_features(X) for name, head in self.model.heads.items()}
        out = []
        for k, item in enumerate(items):
            span = slice(X.indptr[k], X.indptr[k + 1])
            pred = {h: (p[0][k], p[1][k], p[2][k]) for h, p in preds.items()}
            out.append(self._triage(item, (X.indices[span], X.data[span]), pred, float(known[k])))
        return out

    def _prob(self, head: str, probs: np.ndarray, label: str) -> float:
        classes = list(self._fast[head].labels)
        return float(probs[classes.index(label)]) if label in classes else 0.0

    def _band(self, head: str, label: str, conf: float, known: float) -> tuple[str, tuple[str, ...]]:
        """The model's band for ``label`` at ``conf``, and a reason if unfamiliar wording lowered it."""
        band = self.model.heads[head].band(label, conf)
        gate = self.model.familiar_gate
        if band == "high" and known < gate:
            return "medium", (f"unfamiliar wording: {known:.0%} of its words known, high needs {gate:.0%}",)
        return band, ()

    def _model_decision(self, head: str, row: Row, pred: tuple[str, float, np.ndarray], known: float) -> Decision:
        label, conf, _ = pred
        terms = self.model.top_terms_of(head, label, *row)
        why = f"model:{head} top terms: {', '.join(terms)}" if terms else f"model:{head} (no strong term)"
        band, note = self._band(head, label, float(conf), known)
        return Decision(label, round(float(conf), 4), band, (why, *note))

    def _triage(
        self, item: TextInput, row: Row, preds: dict[str, tuple[str, float, np.ndarray]], known: float
    ) -> Triage:
        kind = self._model_decision("type", row, preds["type"], known)
        urgency = self._urgency(item, row, preds["urgency"], known)
        tone = self._tone(item, row, preds.get("tone"), known)
        decisions = {"type": kind, "urgency": urgency, "tone": tone}
        fired: list[str] = []
        for head, (rule, action) in self.rules.first_matches(item).items():
            decisions[head] = self._apply_rule(head, decisions[head], rule, action, preds.get(head), known)
            if rule.name not in fired:
                fired.append(rule.name)
        fired.sort(key=lambda n: next(r.index for r in self.rules.rules if r.name == n))
        return Triage(
            type=decisions["type"],
            urgency=decisions["urgency"],
            tone=decisions["tone"],
            rules_fired=tuple(fired),
            explanation=explain(decisions, tuple(fired)),
        )

    def _urgency(self, item: TextInput, row: Row, pred: tuple[str, float, np.ndarray], known: float) -> Decision:
        base = self._model_decision("urgency", row, pred, known)
        signals = urgency_signals(item, self.vip_domains)
        raised = apply_signals(base.label, signals)
        why = base.why + tuple(s.describe() for s in signals)
        if raised == base.label:
            return Decision(base.label, base.confidence, base.band, why)
        conf = self._prob("urgency", pred[2], raised)
        # the model did not say this label: its band is what the model thinks of it, honestly low
        band, note = self._band("urgency", raised, conf, known)
        return Decision(raised, round(conf, 4), band, (*why, f"urgency raised {base.label} -> {raised}", *note))

    def _tone(self, item: TextInput, row: Row, pred: tuple[str, float, np.ndarray] | None, known: float) -> Decision:
        if pred is not None:
            base = self._model_decision("tone", row, pred, known)
            cues = tone_cues(item.subject, item.body)[1]
            return Decision(
                base.label,
                base.confidence,
                base.band,
                base.why + ((f"lexicon cues: {', '.join(cues)}",) if cues else ()),
            )
        label, conf, cues = lexicon_tone(item.subject, item.body)
        band = "medium" if conf >= 0.6 else "low"  # a heuristic is never "high": nothing measured it
        why = f"lexicon (uncalibrated): {', '.join(repr(c) for c in cues)}" if cues else "lexicon: no cues"
        return Decision(label, conf, band, (why,))

    def _apply_rule(
        self, head: str, current: Decision, rule: Rule, action: Action, pred: Any, known: float
    ) -> Decision:
        label = current.label
        if action.label:
            label = action.label
        elif action.raise_to:
            rank = min(URGENCY_LABELS.index(label), URGENCY_LABELS.index(action.raise_to))
            label = URGENCY_LABELS[rank]
        if label == current.label:
            conf, band = current.confidence, current.band
        elif pred is not None:
            conf = round(self._prob(head, pred[2], label), 4)
            band = self._band(head, label, conf, known)[0]
        else:  # tone from the lexicon: the rule contradicts it; no probability to give
            conf, band = 0.5, "medium"
        if action.label and band != "high":
            # a rule is a sure sign the message is not "low" (clarify), but not a measured 90%:
            # only the admin can claim that, with band = "high"
            band = "medium"
        band = action.band or band
        raised_or_band = f"raise to {action.raise_to}" if action.raise_to else "band"
        what = f"set {label}" if action.label else raised_or_band
        detail = f"rule:{rule.name} ({what}" + (f", band {action.band}" if action.band else "") + ")"
        return Decision(label, conf, band, (*current.why, detail))


def _short(head: str, why: str) -> str:
    """A reason as few words: top terms, a signal's evidence, a rule's name."""
    if why.startswith("model:"):
        return why.removeprefix(f"model:{head} top terms: ").removeprefix(f"model:{head} ")
    if why.startswith("signal:"):
        return why.removeprefix("signal:").split(" -> ")[0]
    if why.startswith("rule:"):
        return why.split(" (")[0]
    if why.startswith("unfamiliar wording: "):
        return f"unfamiliar wording ({why.split()[2]} known)"
    return why.removeprefix("lexicon cues: ").removeprefix("lexicon (uncalibrated): ")


def explain(decisions: dict[str, Decision], fired: tuple[str, ...]) -> str:
    """One line for ``preview``: each head's label, band, confidence and reasons; the rules that fired.

    e.g. ``type billing (high 0.97: invoice, charged, refund); urgency high (low 0.31: ...,
    follow-up 'thread depth 2', urgency raised normal -> high); tone neutral (...)``
    """
    parts = []
    for head, d in decisions.items():
        reasons = ", ".join(_short(head, w) for w in d.why)
        parts.append(f"{head} {d.label} ({d.band} {d.confidence:.2f}: {reasons})")
    line = "; ".join(parts)
    return line + (f"; rules: {', '.join(fired)}" if fired else "")
