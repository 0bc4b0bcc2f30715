"""The candidate's own stories: saved, listed, edited, checked, and offered in the right rounds."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.bank import Bank
from interviewer.config import PROJECT_ROOT
from interviewer.engine.models import Plan
from interviewer.errors import StoryNotFound
from interviewer.interview import Interview
from interviewer.llm import OfflineBackend
from interviewer.prompts import Prompts
from interviewer.store import Store
from interviewer.stories import Story, StoryKind, check_story, fitting_story
from tests.cli_helpers import run_cli

STAR = Story(
    id="s1",
    title="Fixing a flaky ranking launch",
    tags=["conflict"],
    situation="At the time our ranking team disagreed with the ads team about a launch metric.",
    task="I was responsible for getting both teams to agree on one success criterion.",
    action="I proposed an offline replay, organised a shared review, and wrote the decision doc myself.",
    result="As a result we launched two weeks later with a 3% lift in revenue and no complaints.",
)


def test_stories_round_trip_per_user(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    store.save_story(STAR)
    store.save_story(STAR.model_copy(update={"id": "s2", "title": "Other"}), user_id="bob")
    assert [s.id for s in store.stories()] == ["s1"]
    assert store.story("s1") == STAR
    assert [s.title for s in store.stories(user_id="bob")] == ["Other"]
    with pytest.raises(StoryNotFound):
        store.story("s2")
    store.delete_story("s1")
    assert store.stories() == []


def test_the_fitting_story_prefers_matching_tags_and_kind(bank: Bank) -> None:
    conflict = next(q for q in bank if q.round.value == "behavioral" and "conflict" in q.topic)
    project = next(q for q in bank if q.round.value == "project-deep-dive")
    notes = Story(
        id="p1", kind=StoryKind.PROJECT, title="Search revamp", notes="We rebuilt search."
    )
    other = STAR.model_copy(update={"id": "s3", "tags": ["mentoring"]})
    assert fitting_story([other, STAR, notes], conflict) == STAR
    assert fitting_story([other, STAR, notes], project) == notes
    breadth = next(q for q in bank if q.round.value == "ml-breadth")
    assert fitting_story([STAR], breadth) is None


def test_check_scores_a_story_against_its_best_rubric(bank: Bank) -> None:
    result = check_story(STAR, bank)
    assert result.question_id.startswith("behavioral-")
    covered = {v.key_point_id for v in result.assessment.covered}
    assert "situation" in covered
    thin = check_story(STAR.model_copy(update={"action": "", "result": ""}), bank)
    assert thin.score < result.score


def test_questions_point_at_a_saved_story(tmp_path: Path, bank: Bank) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    store.save_story(STAR)
    plan = Plan(rounds=["behavioral"], count=1, topic="conflict", seed=1)
    interview = Interview.start(
        plan, bank, OfflineBackend(), store, Prompts(PROJECT_ROOT / "prompts")
    )
    text = "".join(interview.open())
    assert "“Fixing a flaky ranking launch” may fit here" in text


def test_stories_cli_add_list_check_edit_remove(tmp_path: Path) -> None:
    story_file = tmp_path / "story.yaml"
    story_file.write_text(
        "title: Fixing a flaky ranking launch\ntags: [conflict]\n"
        + "".join(
            f"{part}: {getattr(STAR, part)!r}\n"
            for part in ("situation", "task", "action", "result")
        )
    )
    added = run_cli(["stories", "add", "--file", str(story_file)], tmp_path)
    assert added.returncode == 0, added.stderr
    story_id = added.stdout.split("Saved story ")[1].split(":")[0]
    listed = run_cli(["stories", "list"], tmp_path)
    assert story_id in listed.stdout and "Fixing a flaky" in listed.stdout
    checked = run_cli(["stories", "check", story_id], tmp_path)
    assert checked.returncode == 0 and "Best fit: behavioral-" in checked.stdout
    assert "✔ situation" in checked.stdout
    story_file.write_text("title: Renamed\nsituation: x\n")
    edited = run_cli(["stories", "edit", story_id, "--file", str(story_file)], tmp_path)
    assert edited.returncode == 0 and "Renamed" in run_cli(["stories", "list"], tmp_path).stdout
    no_editor = run_cli(["stories", "edit", story_id], tmp_path)
    assert no_editor.returncode == 2 and "--file" in no_editor.stderr
    removed = run_cli(["stories", "remove", story_id], tmp_path)
    assert removed.returncode == 0
    assert "No stories yet" in run_cli(["stories", "list"], tmp_path).stdout


def test_stories_add_asks_for_each_part_through_a_pipe(tmp_path: Path) -> None:
    answers = b"My title\nThe situation\nThe task\nThe action\nThe result\n"
    result = run_cli(["stories", "add"], tmp_path, stdin=answers)
    assert result.returncode == 0, result.stderr
    listed = run_cli(["stories", "list"], tmp_path)
    assert "My title" in listed.stdout


def test_an_invalid_story_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: ''\nmood: happy\n")
    result = run_cli(["stories", "add", "--file", str(bad)], tmp_path)
    assert result.returncode == 2
    assert "Invalid story" in result.stderr and "Traceback" not in result.stderr
