"""Pictures for the HTML pages (``evaluate --report`` and ``report --html``), drawn with matplotlib.

matplotlib is an optional extra (``pip install 'mailtriage[plots]'``; the ``test`` extra has it): it is
the largest install in the project and only these pages need it, so nothing else imports this module's
functions, and ``require()`` turns a missing install into one clear error naming the extra.

Figures are built with the object API on the Agg canvas (no pyplot): no display, no global figure state
shared between threads, nothing left open. Each function writes one PNG to ``path`` and returns it.
Labels and numbers only: the pages put any text that came from mail in HTML tables, escaped there.
Lives in ``classifiers`` because both ``classifiers.evaluate`` and ``pipeline.feedback`` draw with it, and
``classifiers`` never imports ``pipeline``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .types import ClassifierError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

EXTRA = "mailtriage[plots]"
DPI = 100
# Outcome colours stay the same on every picture, so "rewritten" is the same red everywhere.
COLOURS = {
    "sent_as_drafted": "#2e7d32",
    "edited": "#9ccc65",
    "rewritten": "#ef6c00",
    "not_used": "#9e9e9e",
    "pending": "#cfd8dc",
    "kept": "#2e7d32",
    "missed": "#c62828",
    "within the SLA": "#2e7d32",
    "over the SLA": "#c62828",
}


class PlotsUnavailable(ClassifierError):
    """matplotlib is not installed; the message names the extra that brings it."""


def require() -> None:
    """Raise PlotsUnavailable unless matplotlib can be imported (before any file is written)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise PlotsUnavailable(
            f"the HTML report needs matplotlib, which is not installed: pip install '{EXTRA}'"
        ) from exc


def confusion(labels: Sequence[str], matrix: Sequence[Sequence[int]], title: str, path: Path,
              rows: str = "true label", columns: str = "predicted") -> Path:  # fmt: skip
    """A heatmap of ``matrix`` (rows: ``rows``, columns: ``columns``) shaded by the share of each row, every
    cell showing its count and that share; the diagonal (agreement) in green, the rest in blue."""
    import numpy as np
    from matplotlib.colors import LinearSegmentedColormap

    counts = np.asarray(matrix, dtype=float).reshape(len(labels), len(labels))
    totals = counts.sum(axis=1, keepdims=True)
    shares = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
    side = 1.6 + 0.9 * len(labels)
    fig = _figure(side + 1.2, side + 0.4)
    ax = fig.add_subplot()
    off = np.where(np.eye(len(labels), dtype=bool), np.nan, shares)
    ax.imshow(off, cmap="Blues", vmin=0, vmax=1)
    diagonal = np.where(np.eye(len(labels), dtype=bool), shares, np.nan)
    ax.imshow(diagonal, cmap=LinearSegmentedColormap.from_list("agree", ["#ffffff", "#2e7d32"]), vmin=0, vmax=1)
    for i in range(len(labels)):
        for j in range(len(labels)):
            ink = "white" if shares[i, j] > 0.55 else "black"
            ax.text(j, i, f"{int(counts[i, j])}\n{shares[i, j]:.0%}", ha="center", va="center", color=ink, fontsize=9)
    ax.set_xticks(range(len(labels)), list(labels), rotation=30, ha="right")
    ax.set_yticks(range(len(labels)), list(labels))
    ax.set_xlabel(columns)
    ax.set_ylabel(rows)
    ax.set_title(title)
    return _save(fig, path)


def stacked(categories: Sequence[str], series: Mapping[str, Sequence[float]], title: str, path: Path,
            axis: str = "", horizontal: bool = False, percent: bool = False) -> Path:  # fmt: skip
    """Stacked bars, one per category, one segment per ``series`` entry (a legend names them).
    ``horizontal``: bars left to right (long group names read better); ``percent``: the axis in %."""
    import numpy as np

    n = max(1, len(categories))
    fig = _figure(8.0, 1.6 + 0.38 * n) if horizontal else _figure(max(6.0, 1.5 + 0.45 * n), 4.2)
    ax = fig.add_subplot()
    base = np.zeros(len(categories))
    palette = _palette(list(series))
    for name, values in series.items():
        v = np.asarray(values, dtype=float)
        draw = ax.barh if horizontal else ax.bar
        draw(list(categories), v, 0.7, base, label=name.replace("_", " "), color=palette[name])
        base = base + v
    if horizontal:
        ax.invert_yaxis()  # first category on top, as in the table below it
    value_axis = ax.xaxis if horizontal else ax.yaxis
    if percent:
        from matplotlib.ticker import PercentFormatter

        value_axis.set_major_formatter(PercentFormatter(1.0))
    else:
        from matplotlib.ticker import MaxNLocator

        value_axis.set_major_locator(MaxNLocator(integer=True))  # counts of drafts: no 2.5 ticks
    (ax.set_xlabel if horizontal else ax.set_ylabel)(axis)
    if not horizontal and len(categories) > 6:
        ax.tick_params(axis="x", labelrotation=45)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
    ax.set_title(title)
    return _save(fig, path)


def against_targets(categories: Sequence[str], values: Sequence[float | None], targets: Sequence[float | None],
                    title: str, path: Path, axis: str, value_label: str, target_label: str) -> Path:  # fmt: skip
    """One bar per category (``values``; a missing one is left empty) with its target as a black tick, so
    a bar that rises past its tick is over the target."""
    fig = _figure(max(5.5, 1.5 + 1.1 * len(categories)), 4.0)
    ax = fig.add_subplot()
    xs = list(range(len(categories)))
    shown = [0.0 if v is None else v for v in values]
    colours = [COLOURS["missed"] if v is not None and t is not None and v > t else COLOURS["kept"]
               for v, t in zip(values, targets, strict=True)]  # fmt: skip
    ax.bar(xs, shown, 0.6, color=colours, label=value_label)
    marked = [(x, t) for x, t in zip(xs, targets, strict=True) if t is not None]
    if marked:
        ax.scatter([x for x, _ in marked], [t for _, t in marked], marker="_", s=1800, linewidths=3,
                   color="black", label=target_label, zorder=3)  # fmt: skip
    ax.set_xticks(xs, list(categories))
    ax.set_ylabel(axis)
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False, fontsize=9)
    ax.set_title(title)
    return _save(fig, path)


def _figure(width: float, height: float) -> Figure:
    require()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)  # Agg, whatever backend a user's matplotlibrc names: no display needed
    return fig


def _save(fig: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", dpi=DPI)
    return path


def _palette(names: list[str]) -> dict[str, Any]:
    """Known names keep their colour; others take matplotlib's default cycle in order."""
    from matplotlib import rcParams

    cycle = rcParams["axes.prop_cycle"].by_key()["color"]
    return {name: COLOURS.get(name, cycle[i % len(cycle)]) for i, name in enumerate(names)}
