"""The offline rubric scorer: coverage from aliases, verbatim evidence, careful red flags."""

from __future__ import annotations

from interviewer.bank import Bank
from interviewer.scoring import Coverage, RubricScorer
from tests.helpers import make_question

scorer = RubricScorer()
question = make_question()
LONG_TAIL = (
    " I have seen this in practice on several projects, where deep stacks of layers trained"
    " slowly, stalled early, and needed careful debugging before the loss curves looked healthy."
)


def verdict(answer: str, key_point_id: str) -> Coverage:
    assessment = scorer.assess(question, [answer])
    return next(v.status for v in assessment.verdicts if v.key_point_id == key_point_id)


def test_alias_words_in_any_order_within_one_sentence_cover_a_point() -> None:
    assert verdict("We multiply the derivatives of every layer.", "chain-rule") is Coverage.COVERED


def test_alias_words_split_across_sentences_do_not_cover_a_point() -> None:
    assert verdict("We multiply things. Derivatives exist.", "chain-rule") is Coverage.MISSING


def test_inflections_and_british_spelling_match() -> None:
    assert verdict("Use Xavier initialisation here.", "normalisation") is Coverage.COVERED
    assert verdict("Skip connections help a lot.", "residual-connections") is Coverage.COVERED


def test_most_of_a_long_alias_is_partial_credit() -> None:
    assert verdict("The sigmoid activation is bad.", "saturating-activations") is Coverage.MISSING
    assert (
        verdict("A saturating sigmoid activation function.", "saturating-activations")
        is Coverage.COVERED
    )


def test_evidence_is_the_verbatim_sentence_of_the_right_turn() -> None:
    answers = ["I am not sure.", "Well. The chain rule multiplies small numbers! Then more."]
    assessment = scorer.assess(question, answers)
    chain = next(v for v in assessment.verdicts if v.key_point_id == "chain-rule")
    assert chain.evidence is not None
    assert chain.evidence.turn == 1
    assert chain.evidence.quote == "The chain rule multiplies small numbers!"
    assert answers[1][chain.evidence.start : chain.evidence.end] == chain.evidence.quote


def test_points_covered_in_any_turn_count() -> None:
    first = "The chain rule multiplies derivatives across many layers of the network." + LONG_TAIL
    second = "Also a residual connection helps the gradient flow back to early layers." + LONG_TAIL
    one = scorer.assess(question, [first]).score
    both = scorer.assess(question, [first, second]).score
    assert both > one


def test_red_flag_fires_on_its_phrase_but_not_when_negated() -> None:
    base = "The chain rule multiplies derivatives across layers." + LONG_TAIL
    flagged = scorer.assess(question, [base + " ReLU causes vanishing gradients."])
    negated = scorer.assess(question, [base + " ReLU does not cause vanishing gradients."])
    assert [f.red_flag_id for f in flagged.red_flags] == ["relu-always-vanishes"]
    assert negated.red_flags == []
    assert flagged.score < negated.score


def test_a_bare_list_of_topic_names_earns_nothing() -> None:
    one_liner = "Chain rule, sigmoid saturates, skip connection, batch norm."
    assessment = scorer.assess(question, [one_liner])
    assert assessment.score == 0.0
    assert any("state nothing" in note for note in assessment.notes)


def test_a_terse_answer_that_states_the_points_is_not_capped_for_its_length() -> None:
    terse = (
        "Backprop multiplies many small derivatives (chain rule), so gradients shrink "
        "exponentially with depth. Sigmoid saturates: slope near 0. Fixes: ReLU, residual "
        "skip connections, batch norm, careful init."
    )
    assessment = scorer.assess(question, [terse])
    assert assessment.word_count < 30
    assert assessment.score >= 3.5


def test_scores_are_deterministic() -> None:
    answer = question.exemplar + LONG_TAIL
    assert scorer.assess(question, [answer]) == scorer.assess(question, [answer])


def test_a_story_in_its_own_words_gets_star_credit_once_it_is_on_the_question(
    bank: Bank,
) -> None:
    question = bank.get("behavioral-teammate-conflict")
    story = (
        "At the time our team was launching a new search ranker, and a senior teammate "
        "wanted to ship it on offline NDCG alone. "
        "My goal was to get the launch criteria agreed with him before the review. "
        "I proposed an offline replay and I organised a review with both teams. "
        "As a result we shipped two weeks later and cut complaints by 30%."
    )
    assessment = scorer.assess(question, [story])
    statuses = {v.key_point_id: v.status for v in assessment.verdicts}
    for part in ("situation", "task", "action", "result"):
        assert statuses[part] is not Coverage.MISSING, part
    assert 1 < assessment.score < 4
    assert assessment.star is not None and assessment.star.quantified_result is not None
    # Technical rubrics never get STAR credit.
    assert scorer.assess(bank.get("breadth-bias-variance"), [story]).score <= 1


def test_a_well_told_story_about_something_else_earns_no_star_credit(bank: Bank) -> None:
    story = (
        "At the time I was working on a churn model for a meal-kit company. "
        "My goal was to cut the model's training time before the quarterly retrain. "
        "I profiled the pipeline and I rewrote the feature joins in Spark. "
        "As a result training dropped from 9 hours to 2 hours."
    )
    assert scorer.assess(bank.get("behavioral-teammate-conflict"), [story]).score <= 1


def test_a_story_told_in_we_caps_the_action_and_says_so(bank: Bank) -> None:
    question = bank.get("behavioral-teammate-conflict")
    story = (
        "At the time our team was launching a new ranker, and a senior teammate wanted to "
        "ship it on offline NDCG alone. We were responsible for the launch. We proposed an "
        "offline replay, we organised a review, we wrote the doc and we ran the test. "
        "As a result we shipped two weeks later and cut complaints by 30%."
    )
    assessment = scorer.assess(question, [story])
    assert assessment.star is not None and assessment.star.mostly_we
    action = next(v for v in assessment.verdicts if v.key_point_id == "action")
    assert action.status is not Coverage.COVERED
    assert any("Ownership" in note for note in assessment.notes)


def test_a_result_without_a_number_is_partial_and_feedback_asks_for_one(bank: Bank) -> None:
    question = bank.get("behavioral-teammate-conflict")
    story = (
        "A senior teammate wanted to ship our new ranker on offline NDCG alone. "
        "I proposed an experiment and I set up a review with both of us. "
        "In the end we shipped and it went well."
    )
    assessment = scorer.assess(question, [story])
    assert assessment.star is not None and assessment.star.quantified_result is None
    result = next(v for v in assessment.verdicts if v.key_point_id == "result")
    assert result.status is not Coverage.COVERED
    assert any(note.startswith("Result: no number") for note in assessment.notes)
    assert any("the task is missing" in note for note in assessment.notes)
