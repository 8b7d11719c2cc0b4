"""Parse every message of the MIME corpus with ``pipeline.parse`` and with the plain stdlib.

Prints, for each: messages per second, total time, the slowest message, peak RSS, and (ours)
how many came out with defects or (stdlib) how many raised. The stdlib baseline is
``email.message_from_bytes(data, policy=policy.default)``, then a walk calling ``get_content()``
on every leaf, which is what a naive parser does.

    .venv/bin/python benchmarks/parse_corpus.py [--corpus ../shared/data/mime] [--repeat N]

The default corpus is ``$MAILTRIAGE_SHARED_DATA/mime`` when that is set, else ``../shared/data/mime``.

Peak RSS is the process's high-water mark (``getrusage``), so the baseline's figure includes
ours: ours runs first.
"""

from __future__ import annotations

import argparse
import email
import os
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable
from email import policy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere, without installing

from pipeline.parse import parse  # noqa: E402

_SHARED = os.environ.get("MAILTRIAGE_SHARED_DATA", "").strip()
CORPUS = (Path(_SHARED).expanduser() if _SHARED else ROOT.parent / "shared" / "data") / "mime"


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ours(data: bytes) -> tuple[str, ...]:
    """Parse with mailtriage; the outcome is the defects, quoted values left out."""
    return tuple(defect.split(" '", 1)[0] for defect in parse(data).defects)


def stdlib(data: bytes) -> tuple[str, ...]:
    """Parse, walk and read every leaf with the stdlib; the outcome is the exception's name."""
    try:
        message = email.message_from_bytes(data, policy=policy.default)
        for part in message.walk():
            if not part.is_multipart():
                part.get_content()
    except Exception as exc:  # counting what escapes is the point of the baseline
        return (type(exc).__name__,)
    return ()


def run(name: str, func: Callable[[bytes], tuple[str, ...]], corpus: list[tuple[Path, bytes]], repeat: int) -> None:
    outcomes: Counter[str] = Counter()
    hit = 0
    slowest = (0.0, Path())
    started = time.perf_counter()
    for _ in range(repeat):
        outcomes.clear()
        hit = 0
        for path, data in corpus:
            t0 = time.perf_counter()
            outcome = func(data)
            elapsed = time.perf_counter() - t0
            outcomes.update(outcome)
            hit += bool(outcome)
            if elapsed > slowest[0]:
                slowest = (elapsed, path)
    total = time.perf_counter() - started
    count = len(corpus) * repeat
    print(f"{name}:")
    print(f"  messages       {count} ({len(corpus)} files x {repeat})")
    print(f"  total          {total:.2f} s, {count / total:.0f} messages/s, {1000 * total / count:.2f} ms mean")
    print(f"  slowest        {slowest[0]:.3f} s  {slowest[1]}")
    print(f"  peak RSS       {peak_rss_mb():.0f} MiB")
    kinds = ", ".join(f"{k} {v}" for k, v in outcomes.most_common(8))
    label = "with defects" if func is ours else "raised"
    print(f"  {label:<14} {hit} of {len(corpus)}" + (f" (most common: {kinds})" if kinds else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--repeat", type=int, default=1, help="passes over the corpus (default 1)")
    args = parser.parse_args()
    if not args.corpus.is_dir():  # one line, not a traceback: a plain clone has no ../shared
        print(
            f"parse_corpus: error: corpus folder {args.corpus.resolve()} is missing "
            "(pass --corpus or set MAILTRIAGE_SHARED_DATA to a copy of shared/data)",
            file=sys.stderr,
        )
        return 2
    paths = sorted(args.corpus.glob("**/*.eml"))
    if not paths:
        print(f"no *.eml files under {args.corpus}", file=sys.stderr)
        return 1
    corpus = [(p.relative_to(args.corpus), p.read_bytes()) for p in paths]
    print(f"corpus {args.corpus.resolve()}: {len(corpus)} files, {sum(len(d) for _, d in corpus) / 1e6:.1f} MB")
    print(f"peak RSS before parsing {peak_rss_mb():.0f} MiB")
    run("mailtriage pipeline.parse", ours, corpus, args.repeat)
    run("stdlib email (policy.default) + walk + get_content()", stdlib, corpus, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
