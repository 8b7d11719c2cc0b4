"""Where the reply templates and playbooks live, and which reply languages the templates offer.

A language is a folder ``templates/<code>/`` with a ``_base.j2``: adding one is adding that folder
(``mailtriage check`` then renders and lints every template in it). Dates and times in a new language
come from Babel's CLDR data; only the word before a promised time ("by", "bis", "d'ici le") is ours
(``plan/wording.py``), and a language without one there reads like English around a localized date.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

BUNDLED_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def template_dir(configured: Path) -> Path:
    """The configured folder, else the templates installed with the package (``pip install .``)."""
    if configured.is_dir():
        return configured
    try:
        import mailtriage_templates

        return Path(next(iter(mailtriage_templates.__path__)))
    except (ImportError, StopIteration):
        return BUNDLED_TEMPLATES


@lru_cache(maxsize=16)
def template_languages(configured: Path) -> tuple[str, ...]:
    """The language folders of the templates (those with a ``_base.j2``), sorted; read once per folder."""
    folder = template_dir(configured)
    try:
        return tuple(sorted(d.name for d in folder.iterdir() if (d / "_base.j2").is_file()))
    except OSError:
        return ()


def playbook_dir(configured: Path | None) -> Path | None:
    """The configured playbooks folder, else the starter playbooks installed with the package."""
    if configured is None or configured.is_dir():
        return configured
    try:
        import mailtriage_playbooks

        return Path(next(iter(mailtriage_playbooks.__path__)))
    except (ImportError, StopIteration):
        return configured
