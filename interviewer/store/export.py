"""Transcripts for review: Markdown for people, JSON for tools."""

from __future__ import annotations

import json
from typing import Any

from interviewer.engine.models import SessionState
from interviewer.engine.report import Report
from interviewer.store.schema import TurnRow


def transcript_dict(state: SessionState, turns: list[TurnRow], report: Report) -> dict[str, Any]:
    return {
        "session_id": state.id,
        "status": state.status.value,
        "backend": state.backend,
        "model": state.model,
        "plan": state.plan.model_dump(mode="json"),
        "turns": [
            {
                "index": t.idx,
                "at": t.created_at.isoformat(),
                "speaker": t.speaker,
                "kind": t.kind,
                "question_id": t.question_id,
                "key_point_id": t.key_point_id,
                "source": t.source,
                "text": t.text,
            }
            for t in turns
        ],
        "report": report.model_dump(mode="json"),
    }


def to_json(state: SessionState, turns: list[TurnRow], report: Report) -> str:
    return json.dumps(transcript_dict(state, turns, report), indent=2, ensure_ascii=False)


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def to_markdown(state: SessionState, turns: list[TurnRow], report: Report) -> str:
    rounds = ", ".join(r.value for r in state.plan.rounds) or "all rounds"
    lines = [
        f"# Practice interview {state.id}",
        "",
        f"- Rounds: {rounds}; level: {state.plan.level.value}; status: {state.status.value}",
        f"- Backend: {state.backend}" + (f" ({state.model})" if state.model else ""),
        f"- Overall score: {report.overall:.1f} / 5",
        *(
            f"- {s.round}: **{s.signal.value}** at {s.level.value} level. {' '.join(s.reasons)}"
            for s in report.hire_signals
        ),
        "",
        "## Transcript",
        "",
    ]
    for t in turns:
        who = "Interviewer" if t.speaker == "interviewer" else "You"
        tag = f" _{t.kind}" + (f", {t.source}" if t.source else "") + "_"
        lines += [f"**{who}**{tag} · {t.created_at:%Y-%m-%d %H:%M:%S}", "", _quote(t.text), ""]
    lines += ["## Report", ""]
    for q in report.questions:
        lines += [f"### {q.question_id} ({q.round.value} · {q.topic}): {q.score:.1f} / 5", ""]
        if q.skipped:
            lines += ["_Skipped._", ""]
        for p in q.covered:
            quote = f' — "{p.evidence.quote}"' if p.evidence else ""
            lines.append(f"- ✔ {p.text}{quote}")
        for p in q.missing:
            lines.append(f"- ✘ ({p.status.value}) {p.text}")
        for flag in q.red_flags:
            lines.append(f'- ⚠ {flag.text} — "{flag.evidence.quote}"')
        lines += [f"- {note}" for note in q.notes]
        if q.judge is not None:
            lines.append(
                f"- Judge ({q.judge.model}, weight {q.judge.weight}): {q.judge.overall} / 5; "
                f"rubric alone {q.judge.rubric_score:.1f}"
            )
        lines += ["", f"_What a {report.level} answer shows:_ {q.level_note}"]
        lines += ["", "**Exemplar answer**", "", _quote(q.exemplar.strip()), ""]
    return "\n".join(lines).rstrip() + "\n"
