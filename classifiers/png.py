"""Confusion-matrix pictures as PNG, drawn with the standard library only (zlib + a 5x7 pixel font).

Kept dependency-free on purpose: a plotting library would be the largest install in the project for
one picture per head.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

# 5x7 glyphs, rows top to bottom, "#" = ink. Lower-case letters, digits and a little punctuation.
_GLYPHS = {
    "0": ".###. #...# #..## #.#.# ##..# #...# .###.",
    "1": "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.",
    "2": ".###. #...# ....# ...#. ..#.. .#... #####",
    "3": "####. ....# ....# .###. ....# ....# ####.",
    "4": "...#. ..##. .#.#. #..#. ##### ...#. ...#.",
    "5": "##### #.... ####. ....# ....# #...# .###.",
    "6": ".###. #.... #.... ####. #...# #...# .###.",
    "7": "##### ....# ...#. ..#.. .#... .#... .#...",
    "8": ".###. #...# #...# .###. #...# #...# .###.",
    "9": ".###. #...# #...# .#### ....# ....# .###.",
    "a": "..... ..... .###. ....# .#### #...# .####",
    "b": "#.... #.... ####. #...# #...# #...# ####.",
    "c": "..... ..... .###. #.... #.... #...# .###.",
    "d": "....# ....# .#### #...# #...# #...# .####",
    "e": "..... ..... .###. #...# ##### #.... .###.",
    "f": "..##. .#..# .#... ###.. .#... .#... .#...",
    "g": "..... .#### #...# #...# .#### ....# .###.",
    "h": "#.... #.... #.##. ##..# #...# #...# #...#",
    "i": "..#.. ..... .##.. ..#.. ..#.. ..#.. .###.",
    "j": "...#. ..... ..##. ...#. ...#. #..#. .##..",
    "k": "#.... #.... #..#. #.#.. ##... #.#.. #..#.",
    "l": ".##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###.",
    "m": "..... ..... ##.#. #.#.# #.#.# #...# #...#",
    "n": "..... ..... #.##. ##..# #...# #...# #...#",
    "o": "..... ..... .###. #...# #...# #...# .###.",
    "p": "..... ..... ####. #...# ####. #.... #....",
    "q": "..... ..... .#### #...# .#### ....# ....#",
    "r": "..... ..... #.##. ##..# #.... #.... #....",
    "s": "..... ..... .###. #.... .###. ....# ####.",
    "t": ".#... .#... ###.. .#... .#... .#..# ..##.",
    "u": "..... ..... #...# #...# #...# #..## .##.#",
    "v": "..... ..... #...# #...# #...# .#.#. ..#..",
    "w": "..... ..... #...# #...# #.#.# #.#.# .#.#.",
    "x": "..... ..... #...# .#.#. ..#.. .#.#. #...#",
    "y": "..... ..... #...# #...# .#### ....# .###.",
    "z": "..... ..... ##### ...#. ..#.. .#... #####",
    " ": "..... ..... ..... ..... ..... ..... .....",
    "-": "..... ..... ..... ##### ..... ..... .....",
    ".": "..... ..... ..... ..... ..... .##.. .##..",
    ":": "..... .##.. .##.. ..... .##.. .##.. .....",
    "%": "##... ##..# ...#. ..#.. .#... #..## ...##",
    "/": "..... ....# ...#. ..#.. .#... #.... .....",
    ">": ".#... ..#.. ...#. ....# ...#. ..#.. .#...",
    "(": "...#. ..#.. .#... .#... .#... ..#.. ...#.",
    ")": ".#... ..#.. ...#. ...#. ...#. ..#.. .#...",
    "_": "..... ..... ..... ..... ..... ..... #####",
}
SCALE = 2
CELL = 112
MARGIN_LEFT, MARGIN_TOP = 130, 64


class Canvas:
    """An RGB picture you can fill rectangles and write text on, then encode as PNG."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.px = bytearray(b"\xff" * (width * height * 3))

    def rect(self, x: int, y: int, w: int, h: int, rgb: tuple[int, int, int]) -> None:
        for yy in range(max(0, y), min(self.height, y + h)):
            start = (yy * self.width + max(0, x)) * 3
            n = max(0, min(self.width, x + w) - max(0, x))
            self.px[start : start + n * 3] = bytes(rgb) * n

    def text(self, x: int, y: int, s: str, rgb: tuple[int, int, int] = (0, 0, 0), scale: int = SCALE) -> None:
        for ch in s.lower():
            rows = _GLYPHS.get(ch, _GLYPHS["_"]).split()
            for r, line in enumerate(rows):
                for c, bit in enumerate(line):
                    if bit == "#":
                        self.rect(x + c * scale, y + r * scale, scale, scale, rgb)
            x += 6 * scale

    def png(self) -> bytes:
        stride = self.width * 3
        raw = b"".join(b"\x00" + bytes(self.px[y * stride : (y + 1) * stride]) for y in range(self.height))

        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
        )


def text_width(s: str, scale: int = SCALE) -> int:
    return len(s) * 6 * scale


def confusion_png(labels: Sequence[str], matrix: Sequence[Sequence[int]], title: str) -> bytes:
    """A heatmap of ``matrix`` (rows = true label, columns = predicted), shaded by share of each row.

    Each cell shows its count; the diagonal is what the model got right.
    """
    n = len(labels)
    canvas = Canvas(MARGIN_LEFT + n * CELL + 10, MARGIN_TOP + n * CELL + 40)
    canvas.text(10, 8, title)
    canvas.text(MARGIN_LEFT, 8 + 20, "predicted >", (90, 90, 90), 1)
    for j, label in enumerate(labels):
        x = MARGIN_LEFT + j * CELL + (CELL - text_width(label[:9])) // 2
        canvas.text(x, MARGIN_TOP - 20, label[:9])
    for i, label in enumerate(labels):
        y = MARGIN_TOP + i * CELL
        canvas.text(8, y + CELL // 2 - 7, label[:10])
        total = sum(matrix[i]) or 1
        for j in range(n):
            share = matrix[i][j] / total
            # white -> blue for errors, white -> green on the diagonal (right answers)
            base = (30, 130, 60) if i == j else (40, 80, 170)
            rgb = tuple(int(255 - (255 - b) * share) for b in base)
            x = MARGIN_LEFT + j * CELL
            canvas.rect(x, y, CELL - 2, CELL - 2, rgb)  # type: ignore[arg-type]
            count = str(matrix[i][j])
            ink = (255, 255, 255) if share > 0.55 else (0, 0, 0)
            canvas.text(x + (CELL - text_width(count)) // 2, y + CELL // 2 - 14, count, ink)
            pct = f"{share * 100:.0f}%"
            canvas.text(x + (CELL - text_width(pct, 1)) // 2, y + CELL // 2 + 6, pct, ink, 1)
    canvas.text(8, MARGIN_TOP + n * CELL + 12, "rows: true label. shade: share of the row.", (90, 90, 90), 1)
    return canvas.png()
