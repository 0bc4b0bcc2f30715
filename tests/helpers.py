"""Small builders shared by tests: a hand-made question and a session over it."""

from __future__ import annotations

from interviewer.bank.models import Question

QUESTION_DATA = {
    "id": "breadth-test-gradients",
    "round": "ml-breadth",
    "topic": "gradients",
    "level": "mid",
    "prompt": "Why do gradients vanish in deep networks, and what helps?",
    "hints": ["Think about repeated multiplication."],
    "rubric": {
        "key_points": [
            {
                "id": "chain-rule",
                "text": "Backpropagation multiplies many small derivatives through the chain rule.",
                "weight": 4,
                "aliases": ["chain rule", "multiply derivatives"],
                "probe": "What happens to a product of many numbers smaller than one?",
            },
            {
                "id": "saturating-activations",
                "text": "Sigmoid and tanh saturate, giving near-zero derivatives.",
                "weight": 3,
                "aliases": ["sigmoid saturates", "tanh saturates", "saturating activation"],
                "probe": "Which activation functions make this worse, and why?",
            },
            {
                "id": "residual-connections",
                "text": "Residual connections give gradients a short path.",
                "weight": 2,
                "aliases": ["residual connection", "skip connection"],
                "probe": "Which architectural change lets gradients bypass layers?",
            },
            {
                "id": "normalisation",
                "text": "Normalisation layers and careful initialisation keep activations scaled.",
                "weight": 1,
                "aliases": [
                    "batch norm",
                    "layer norm",
                    "xavier initialization",
                    "he initialization",
                ],
                "probe": "How can initialisation or normalisation keep signals well scaled?",
            },
        ],
        "red_flags": [
            {
                "id": "relu-always-vanishes",
                "text": "Claims ReLU causes vanishing gradients.",
                "triggers": ["relu causes vanishing gradients"],
            }
        ],
    },
    "exemplar": (
        "Backpropagation applies the chain rule, so it multiplies derivatives layer by layer. "
        "Sigmoid saturates at both ends, so its derivative is tiny there. "
        "A residual connection adds an identity path. "
        "Batch norm and He initialization keep activations in a healthy range."
    ),
    "level_notes": {
        "junior": "Names the chain rule.",
        "mid": "Explains saturation and remedies.",
        "senior": "Discusses residual paths and normalisation.",
        "staff": "Relates to training stability at scale.",
    },
}


def make_question(**changes: object) -> Question:
    return Question.model_validate({**QUESTION_DATA, **changes})
