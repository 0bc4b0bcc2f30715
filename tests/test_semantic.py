"""The sentence encoder is the shipped all-MiniLM-L6-v2, run faithfully in numpy."""

from __future__ import annotations

import numpy as np
import pytest

from interviewer.bank import Question
from interviewer.scoring import RubricScorer
from interviewer.scoring.semantic import key_point_anchors
from interviewer.semantic.encoder import SentenceEncoder, shared_encoder


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return shared_encoder()


def test_similarities_match_the_reference_model(encoder: SentenceEncoder) -> None:
    # sentence-transformers' all-MiniLM-L6-v2 gives 0.7553 and 0.1442 for these pairs.
    vectors = encoder.encode(
        ["A man is eating food.", "A man is eating a piece of bread.", "A man is riding a horse."]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert float(vectors[0] @ vectors[1]) == pytest.approx(0.7553, abs=2e-3)
    assert float(vectors[1] @ vectors[2]) == pytest.approx(0.1442, abs=2e-3)


def test_paraphrase_is_closer_than_a_different_topic(encoder: SentenceEncoder) -> None:
    anchor, paraphrase, other = encoder.encode(
        [
            "High variance: the model fits noise in the training data and generalises poorly.",
            "If training loss is low but validation is much worse, it's variance.",
            "We stored the features in a Redis cache to keep serving latency low.",
        ]
    )
    assert float(anchor @ paraphrase) > float(anchor @ other) + 0.2


def test_batching_and_threads_do_not_change_an_embedding(encoder: SentenceEncoder) -> None:
    short = "L1 zeroes weights."
    long = " ".join(["The regulariser shrinks every coefficient towards zero smoothly"] * 6)
    alone = encoder._encode_uncached([short])[0]
    # Many sentences of mixed length: padded batches, split across two threads.
    together = encoder._encode_uncached(
        [long, short, *[f"Sentence number {i}." for i in range(40)]]
    )
    assert float(alone @ together[1]) == pytest.approx(1.0, abs=1e-5)


def test_embeddings_are_cached_by_text(encoder: SentenceEncoder) -> None:
    text = "A sentence that no other test encodes, about caching embeddings."
    first = encoder.encode([text])
    calls = 0
    original = encoder._encode_uncached

    def counting(texts: list[str]) -> np.ndarray:
        nonlocal calls
        calls += 1
        return original(texts)

    encoder._encode_uncached = counting  # type: ignore[method-assign]
    try:
        again = encoder.encode([text, text])
    finally:
        del encoder._encode_uncached
    assert calls == 0
    assert np.array_equal(again[0], first[0]) and np.array_equal(again[1], first[0])


def test_a_paraphrase_earns_a_point_the_aliases_miss(bias_variance: Question) -> None:
    # "the gap between training and validation error" in other words than any alias
    answer = (
        "Look at how far apart the training and held-out errors are, and whether both of "
        "them are large."
    )
    phrases = RubricScorer(semantic=False).assess(bias_variance, [answer])
    meaning = RubricScorer(semantic=True).assess(bias_variance, [answer])
    assert meaning.score > phrases.score
    by_meaning = [v for v in meaning.verdicts if v.matched and v.matched.startswith("meaning")]
    assert by_meaning, "no key point was credited by meaning"
    for verdict in by_meaning:
        assert verdict.evidence is not None
        assert answer[verdict.evidence.start : verdict.evidence.end] == verdict.evidence.quote


def test_anchors_hold_the_point_its_clauses_and_exemplar_sentences(
    bias_variance: Question,
) -> None:
    anchors = key_point_anchors(bias_variance)
    assert len(anchors) == len(bias_variance.rubric.key_points)
    for point, texts in zip(bias_variance.rubric.key_points, anchors, strict=True):
        assert texts[0] == point.text
    assert any(len(texts) > 1 for texts in anchors)
