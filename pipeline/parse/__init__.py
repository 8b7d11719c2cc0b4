"""parse: bytes in, a normalised ``ParsedMessage`` out. Never raises on bad mail; records defects.

Owns: MIME walking (``mime``, ``encoding``), header decoding (``headers``), bytes to text
(``charset``), HTML, quoted history, signatures and language (``text``); ``parser`` ties them together.
May import: ``pipeline.message`` only (no config, no state, no network).
"""

from .parser import DEFAULT_MAX_BYTES, detect_language, parse

__all__ = ["DEFAULT_MAX_BYTES", "detect_language", "parse"]
