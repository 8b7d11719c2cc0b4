"""The fast single-message path gives what scikit-learn gives: same features, labels, confidences, bands.

``Triager.classify`` computes features and scores in plain numpy (``FastFeatures``, ``FastHead``);
``Triager.classify_reference`` lets scikit-learn compute them with all its checks. Both must agree on
every seed row, and on text built to trip a re-implementation (odd white space, case mappings that
change length, words shorter than an n-gram).
"""

from __future__ import annotations

import csv
from collections import Counter

import numpy as np
import pytest
from classifier_fixtures import shared_triager, tiny_rows

from classifiers import TextInput, Triager, parse_rules
from classifiers.default import SEED
from classifiers.fast_features import _char_wb_counts, _word_counts
from classifiers.model import model_text

ODD_TEXTS = [
    "",
    " \n\t ",
    "a",
    "ab cd e",
    "Invoice\u00a04711\u2003charged\u3000twice\x1c\x1d\x1e\x1fagain\x85now",
    "İSTANBUL İstanbul ΟΔΟΣ ΟΔΟΣ. Straße STRASSE ﬁle ǅ",
    "Rechnung  doppelt\r\n\r\nabgebucht!!  Bitte   erstatten.",
    "emoji 🙂🙂 test \U0001f600x CJK 請求書が二重に",
    "x" * 50 + " " + "invoice " * 40,
]


def _seed_items() -> list[TextInput]:
    if not SEED.is_file():
        return [TextInput(r["subject"], r["body"]) for r in tiny_rows()]
    with SEED.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [TextInput(r["subject"], r["body"], language=r.get("language", "")) for r in rows]


def _texts() -> list[str]:
    return [model_text(i.subject, i.body) for i in _seed_items()] + ODD_TEXTS


def test_ngram_counts_equal_scikit_learn_analyzers() -> None:
    model = shared_triager().model
    fast = model.fast_features()
    for (name, vec), block in zip(model.features.transformer_list, fast.blocks, strict=True):
        analyze = vec.build_analyzer()
        names = {j: term for term, j in vec.vocabulary_.items()}
        for text in _texts():
            doc = block.preprocess(text)
            if block.kind == "char_wb":
                cols, counts = _char_wb_counts(block, doc)
            else:
                assert block.tokenize is not None
                cols, counts = _word_counts(block, block.tokenize(doc))
            want = {t: n for t, n in Counter(analyze(text)).items() if t in vec.vocabulary_}
            assert {names[int(j)]: int(n) for j, n in zip(cols, counts, strict=True)} == want, (name, text[:60])
            assert list(cols) == sorted(cols)


def test_feature_rows_and_familiarity_equal_scikit_learn() -> None:
    model = shared_triager().model
    texts = _texts()
    fast = model.fast_features()
    X = model.features.transform(texts).tocsr()
    assert abs(model.transform(texts) - X).max() < 1e-12
    known = model.familiarity(texts)
    for k, text in enumerate(texts):
        cols, vals, familiarity = fast.row(text)
        ref = X[k]
        ref.sort_indices()
        assert np.array_equal(cols, ref.indices)
        np.testing.assert_allclose(vals, ref.data, rtol=0, atol=1e-12)
        assert familiarity == known[k]


def test_head_scores_equal_scikit_learn() -> None:
    model = shared_triager().model
    texts = _texts()
    X_fast, X_ref = model.transform(texts), model.features.transform(texts)
    for name, head in model.heads.items():
        labels, conf, probs = head.predict_features(X_ref)
        fast_labels, fast_conf, fast_probs = head.fast().predict(X_fast)
        assert fast_labels == labels, name
        np.testing.assert_allclose(fast_conf, conf, rtol=0, atol=1e-9)
        np.testing.assert_allclose(fast_probs, probs, rtol=0, atol=1e-9)


@pytest.mark.parametrize("with_rules", [False, True])
def test_classify_equals_the_scikit_learn_reference(with_rules: bool) -> None:
    base = shared_triager()
    rules = parse_rules(
        "[[rule]]\nname = \"invoices\"\n[rule.match]\ntext = 'invoice|rechnung'\n[rule.then]\n"
        'type = "billing"\nurgency = { raise_to = "high" }\ntone = "frustrated"\n'
    )
    triager = Triager(base.model, base.card, rules, base.vip_domains) if with_rules else base
    items = _seed_items()[:: 2 if with_rules else 1] + [
        TextInput("", t, sender="x@bigcustomer.example") for t in ODD_TEXTS
    ]
    fast, ref = triager.classify_many(items), triager.classify_reference(items)
    assert fast == [triager.classify(i) for i in items]
    for item, f, r in zip(items, fast, ref, strict=True):
        for head in ("type", "urgency", "tone"):
            a, b = getattr(f, head), getattr(r, head)
            assert (a.label, a.band, a.why) == (b.label, b.band, b.why), (head, item.subject)
            assert abs(a.confidence - b.confidence) < 1e-9, (head, item.subject)
        assert (f.rules_fired, f.explanation) == (r.rules_fired, r.explanation)


def test_the_ngram_memo_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from classifiers import fast_features as model_module

    monkeypatch.setattr(model_module, "_MAX_CACHED_WORDS", 5)
    triager = shared_triager()
    block = next(b for b in triager.model.fast_features().blocks if b.kind == "char_wb")
    item = TextInput("one two three four five six seven", "eight nine ten eleven twelve")
    before = triager.classify(item)
    assert len(block.cache) <= 5
    assert triager.classify(item) == before
