"""``evaluate``: score a model on a labelled CSV, optionally with an HTML report and confusion pictures
(``plots``, matplotlib: the ``plots`` extra)."""

from __future__ import annotations

import html
import json
from pathlib import Path

from sklearn.metrics import confusion_matrix

from . import plots
from .data import read_labelled_csv
from .metrics import head_metrics
from .triager import Triager
from .types import HEADS, LABELS, TextInput, TrainingDataError


def evaluate(model_dir: Path | None, data: Path, report_dir: Path | None = None) -> dict:
    """Classify every row of ``data`` and score each head the CSV labels.

    Returns ``{head: {"n", "accuracy", "macro_f1", "per_label", "bands"}}`` for the heads among
    type, urgency and tone that have a column with at least one label. The full product is scored:
    model, then the built-in urgency signals (no admin rules). With ``report_dir``, also writes
    ``index.html`` and one ``confusion-<head>.png`` per head there. Raises TrainingDataError for an
    unusable CSV, ModelFileError for a model that fails its checks and PlotsUnavailable (before any
    work) for a report without matplotlib.
    """
    if report_dir is not None:
        plots.require()
    d = read_labelled_csv(Path(data), require=())
    heads = [h for h in HEADS if h in d.labels and d.labelled(h)]
    if not heads:
        raise TrainingDataError(f"{data}: no labels to evaluate (give a type, urgency or tone column)")
    triager = Triager.load(model_dir)
    items = [
        TextInput(subject=s, body=b, language=lang)
        for s, b, lang in zip(d.subjects, d.bodies, d.languages, strict=True)
    ]
    triages = triager.classify_many(items)
    result: dict[str, dict] = {}
    matrices: Matrices = {}
    for head in heads:
        rows = d.labelled(head)
        y_true = [d.labels[head][i] for i in rows]
        decided = [getattr(triages[i], head) for i in rows]
        y_pred = [x.label for x in decided]
        result[head] = head_metrics(y_true, y_pred, [x.band for x in decided], LABELS[head])
        present = [c for c in LABELS[head] if c in set(y_true) | set(y_pred)]
        matrices[head] = (present, confusion_matrix(y_true, y_pred, labels=present).tolist())
    if report_dir is not None:
        write_report(Path(report_dir), result, matrices, triager.card, Path(data).name)
    return result


_CSS = """body{font-family:sans-serif;max-width:70em;margin:2em auto;color:#222}
section{border-top:1px solid #ccc;padding:1em 0;overflow:auto}
img{float:left;margin-right:2em;max-width:100%}table{border-collapse:collapse;margin-bottom:1em}
td,th{padding:.2em .8em;text-align:right;border-bottom:1px solid #eee}
td:first-child,th:first-child{text-align:left}.t{overflow:auto}"""
Matrices = dict[str, tuple[list[str], list[list[int]]]]  # head -> (labels, rows of counts)


def write_report(out: Path, result: dict, matrices: Matrices, card: dict, data_name: str) -> Path:
    """Write ``index.html`` with one confusion picture and table per head; return the page's path."""
    out.mkdir(parents=True, exist_ok=True)
    e = html.escape
    sections = []
    for head, m in result.items():
        labels, matrix = matrices[head]
        png = f"confusion-{head}.png"
        plots.confusion(labels, matrix, f"{head}: true vs predicted", out / png)
        per = "".join(
            f"<tr><td>{e(lab)}</td><td>{v['precision']:.2f}</td><td>{v['recall']:.2f}</td>"
            f"<td>{v['f1']:.2f}</td><td>{v['support']}</td></tr>"
            for lab, v in m["per_label"].items()
        )
        bands = "".join(
            f"<tr><td>{b}</td><td>{v['coverage']:.1%}</td>"
            f"<td>{'–' if v['precision'] is None else format(v['precision'], '.1%')}</td></tr>"
            for b, v in m["bands"].items()
        )
        sections.append(
            f"<section><h2>{e(head)}</h2>"
            f"<p>{m['n']} rows · accuracy <b>{m['accuracy']:.3f}</b>"
            f" · macro-F1 <b>{m['macro_f1']:.3f}</b></p>"
            f'<img src="{png}" alt="confusion matrix for {e(head)}">'
            f"<div class=t><h3>Confidence bands</h3><table><tr><th>band</th><th>share of messages</th>"
            f"<th>right</th></tr>{bands}</table>"
            f"<h3>Per label</h3><table><tr><th>label</th><th>precision</th><th>recall</th><th>F1</th>"
            f"<th>rows</th></tr>{per}</table></div></section>"
        )
    tone_note = card.get("heads", {}).get("tone", {}).get("note", "")
    trained = card.get("training_data", {})
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mailtriage evaluation: {e(data_name)}</title>
<style>{_CSS}</style></head><body>
<h1>Evaluation of the model on {e(data_name)}</h1>
<p>Model trained {e(str(card.get("created_at", "?")))} on {e(str(trained.get("file", "?")))}
({trained.get("rows", "?")} rows), scikit-learn {e(str(card.get("sklearn_version", "?")))}.
The high band promises to be right at least 90% of the time; the figures below are measured on this file.</p>
{"<p><i>" + e(tone_note) + "</i></p>" if tone_note and "tone" in result else ""}
{"".join(sections)}
<details><summary>Raw figures (JSON)</summary><pre>{e(json.dumps(result, indent=2))}</pre></details>
</body></html>
"""
    page_path = out / "index.html"
    page_path.write_text(page, encoding="utf-8")
    return page_path
