"""Wire settings into the parts (bank, store, prompts, backend) once, for any surface."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from interviewer.bank import Bank
from interviewer.config import Settings
from interviewer.llm.factory import BackendChoice, make_backend
from interviewer.prompts import Prompts
from interviewer.scoring.grader import Grader
from interviewer.store import Store


@dataclass
class Runtime:
    settings: Settings
    _choice: BackendChoice | None = field(default=None, init=False)

    @cached_property
    def bank(self) -> Bank:
        return Bank.from_dir(self.settings.bank_dir)

    @cached_property
    def store(self) -> Store:
        return Store(self.settings.resolved_database_url)

    @cached_property
    def prompts(self) -> Prompts:
        return Prompts(self.settings.prompts_dir)

    @property
    def grader(self) -> Grader:
        """Built per use: cheap, and it follows the backend actually chosen."""
        return Grader.for_backend(
            self.backend_choice.backend,
            self.prompts,
            mode=self.settings.judge,
            weight=self.settings.judge_weight,
        )

    @property
    def backend_choice(self) -> BackendChoice:
        if self._choice is None:
            self._choice = make_backend(self.settings)
        return self._choice
