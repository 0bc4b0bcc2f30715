"""`interviewer chat` driven through a pipe: scripted sessions, saved turns, bad input."""

from __future__ import annotations

import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from interviewer.store import Store
from tests.cli_helpers import answers_bytes, cli_env, run_cli

VAGUE = "I would think about it carefully, weigh the trade-offs with the team and iterate on it"


def db_of(data_dir: Path) -> Path:
    return data_dir / "interviewer.db"


def candidate_turns(db: Path) -> list[str]:
    with sqlite3.connect(db) as raw:
        rows = raw.execute(
            "select text from turns where speaker='candidate' order by session_id, idx"
        ).fetchall()
    return [r[0] for r in rows]


def session_id_of(output: str) -> str:
    match = re.search(r"Session (\S+) ·", output)
    assert match, output
    return match.group(1)


def test_scripted_session_of_three_questions_with_followups_is_saved(tmp_path: Path) -> None:
    typed = [f"Answer {i}: {VAGUE} number {i}." for i in range(9)]
    result = run_cli(
        [
            "chat",
            "-r",
            "ml-breadth",
            "-r",
            "coding-ml",
            "-n",
            "3",
            "--seed",
            "7",
            "--max-followups",
            "2",
        ],
        tmp_path,
        stdin=answers_bytes(*typed),
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.count("Question ") >= 3
    assert "Report" in result.stdout

    assert candidate_turns(db_of(tmp_path)) == typed
    with sqlite3.connect(db_of(tmp_path)) as raw:
        kinds = [k for (k,) in raw.execute("select kind from turns order by idx")]
        (status,) = raw.execute("select status from sessions").fetchone()
    assert kinds.count("question") == 3
    assert kinds.count("followup") == 6
    assert kinds[-1] == "closing"
    assert status == "finished"

    sid = session_id_of(result.stdout)
    out = tmp_path / "t.md"
    exported = run_cli(["review", sid[:8], "--export", "md", "-o", str(out)], tmp_path)
    assert exported.returncode == 0, exported.stderr
    markdown = out.read_text()
    for answer in typed:
        assert answer in markdown
    assert "## Report" in markdown and "Exemplar answer" in markdown

    as_json = run_cli(["review", sid, "--export", "json"], tmp_path)
    assert as_json.returncode == 0
    assert '"speaker": "candidate"' in as_json.stdout


def test_followups_name_a_point_the_answer_missed(tmp_path: Path) -> None:
    question = "breadth-bias-variance"
    answer = (
        "Bias is the error from a model that is too simple, so it underfits even the training set, "
        "and variance is when it overfits by memorising noise of the particular sample it saw."
    )
    result = run_cli(
        ["chat", "-t", question, "-n", "1", "--max-followups", "1"],
        tmp_path,
        stdin=answers_bytes(answer, "No more ideas from me on this one, sorry about that."),
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db_of(tmp_path)) as raw:
        (probed,) = raw.execute("select key_point_id from turns where kind='followup'").fetchone()
    assert probed in {"diagnose-with-curves", "remedies"}


def test_quit_saves_and_resume_continues(tmp_path: Path) -> None:
    first = run_cli(
        ["chat", "-n", "2", "--seed", "3"], tmp_path, stdin=answers_bytes(VAGUE) + b"/quit\n"
    )
    assert first.returncode == 0
    assert "Resume with: interviewer resume" in first.stdout
    sid = session_id_of(first.stdout)
    assert Store(f"sqlite:///{db_of(tmp_path)}").load(sid).status.value == "paused"

    second = run_cli(["resume", sid], tmp_path, stdin=b"/skip\n/skip\n/skip\n/skip\n")
    assert second.returncode == 0, second.stderr
    assert "Report" in second.stdout
    assert candidate_turns(db_of(tmp_path))[0] == VAGUE


def test_end_of_input_saves_like_quit(tmp_path: Path) -> None:
    result = run_cli(["chat", "-n", "2"], tmp_path, stdin=answers_bytes(VAGUE))
    assert result.returncode == 0
    assert "Resume with" in result.stdout
    assert candidate_turns(db_of(tmp_path)) == [VAGUE]


def test_commands_hint_repeat_and_unknown(tmp_path: Path) -> None:
    result = run_cli(
        ["chat", "-n", "1", "--seed", "5"], tmp_path, stdin=b"/hint\n/repeat\n/dance\n/quit\n"
    )
    assert result.returncode == 0
    assert "Hint:" in result.stdout
    assert result.stdout.count("Question 1 of 1") == 2
    assert "Unknown command /dance" in result.stdout


def test_multiline_answers_with_blank_lines_inside_a_fence(tmp_path: Path) -> None:
    stdin = b'"""\nFirst paragraph.\n\nSecond paragraph.\n"""\n/quit\n'
    result = run_cli(["chat", "-n", "1"], tmp_path, stdin=stdin)
    assert result.returncode == 0
    assert candidate_turns(db_of(tmp_path)) == ["First paragraph.\n\nSecond paragraph."]


def test_non_utf8_bytes_are_replaced_not_fatal(tmp_path: Path) -> None:
    result = run_cli(
        ["chat", "-n", "1"], tmp_path, stdin=b"caf\xe9 and \xff\xfe bytes here\n\n/quit\n"
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert candidate_turns(db_of(tmp_path)) == ["caf\ufffd and \ufffd\ufffd bytes here"]


def test_a_100kb_answer_gets_a_clear_message_and_the_session_goes_on(tmp_path: Path) -> None:
    huge = ("word " * 20_480).strip()
    result = run_cli(["chat", "-n", "1"], tmp_path, stdin=answers_bytes(huge, VAGUE) + b"/quit\n")
    assert result.returncode == 0, result.stderr
    assert "limit is 20,000" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert candidate_turns(db_of(tmp_path)) == [VAGUE]


def test_a_corrupt_database_is_reported_without_traceback(tmp_path: Path) -> None:
    tmp_path.mkdir(exist_ok=True)
    db_of(tmp_path).write_bytes(b"garbage" * 500)
    for args in (["review"], ["chat", "-n", "1"]):
        result = run_cli(args, tmp_path, stdin=b"/quit\n")
        assert result.returncode == 3
        assert "Error:" in result.stderr and "corrupt" in result.stderr
        assert "Traceback" not in result.stderr


def test_review_with_no_database_yet_and_unknown_ids(tmp_path: Path) -> None:
    listing = run_cli(["review"], tmp_path / "fresh")
    assert listing.returncode == 0
    assert "No saved sessions yet" in listing.stdout
    missing = run_cli(["review", "nope"], tmp_path / "fresh")
    assert missing.returncode == 4
    assert "No saved session starts with 'nope'" in missing.stderr


def test_an_impossible_plan_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli(["chat", "-t", "no-such-topic"], tmp_path)
    assert result.returncode == 2
    assert "No questions match" in result.stderr
    assert "Traceback" not in result.stderr


def test_ctrl_c_saves_and_says_how_to_resume(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "interviewer", "chat", "-n", "2"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(tmp_path),
    )
    assert proc.stdin is not None
    proc.stdin.write(answers_bytes(VAGUE))
    proc.stdin.flush()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if candidate_turns(db_of(tmp_path)):
                break
        except sqlite3.OperationalError:  # the CLI has not created the tables yet
            pass
        time.sleep(0.1)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err.decode()
    assert b"Resume with: interviewer resume" in out
    assert b"Traceback" not in err
    assert candidate_turns(db_of(tmp_path)) == [VAGUE]
