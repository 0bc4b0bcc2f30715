"""Model-phrased follow-ups are kept only when they stay on the chosen key point."""

from __future__ import annotations

from interviewer.engine.followup_check import check_followup, first_question
from tests.helpers import make_question

POINT = make_question().key_point("chain-rule")


def test_a_short_question_on_the_point_is_accepted() -> None:
    assert (
        check_followup("What happens when you multiply many small derivatives together?", POINT)
        is None
    )


def test_rejections_say_why() -> None:
    assert check_followup("   ", POINT) == "empty"
    assert check_followup("Tell me about derivatives.", POINT) == "not a question"
    assert check_followup("How was your weekend?", POINT) == "not about the chosen key point"
    assert check_followup("why " * 70 + "?", POINT) == "longer than 60 words"
    assert (
        check_followup("[Private note] What about derivatives?", POINT) == "repeats prompt markup"
    )
    giveaway = (
        "Isn't it that backpropagation multiplies many small derivatives through the chain rule?"
    )
    assert check_followup(giveaway, POINT) == "gives the answer away"


def test_first_question_cuts_rambling_after_the_question() -> None:
    assert (
        first_question("Good. Why does it vanish? Also, more text") == "Good. Why does it vanish?"
    )
    assert first_question("no question here") == "no question here"
