"""API tokens: created and revoked from the CLI, stored hashed, checked on every request."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select

from interviewer.errors import InterviewerError
from interviewer.store.schema import TokenRow
from interviewer.store.store import Store, _now

TOKEN_PREFIX = "ivw_"


class TokenNotFound(InterviewerError):
    exit_code = 4
    http_status = 404
    title = "Token not found"


@dataclass(frozen=True)
class TokenInfo:
    id: str
    user_id: str
    created_at: datetime
    revoked: bool


# Built once: every API request runs it, and building it costs more than running it.
_SELECT_TOKEN = select(TokenRow.user_id, TokenRow.revoked_at).where(
    TokenRow.token_hash == bindparam("hash")
)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(store: Store, user_id: str) -> tuple[str, str]:
    """Return (token id, token). The token is not stored and cannot be shown again."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token_id = secrets.token_hex(4)

    def action() -> None:
        with store._transaction() as db:
            db.add(
                TokenRow(id=token_id, user_id=user_id, token_hash=_hash(token), created_at=_now())
            )

    store._guard(action)
    return token_id, token


def user_for_token(store: Store, token: str) -> str | None:
    def action() -> str | None:
        with store._read() as db:
            row = db.execute(_SELECT_TOKEN, {"hash": _hash(token)}).one_or_none()
            return row.user_id if row is not None and row.revoked_at is None else None

    return store._guard(action)


def list_tokens(store: Store) -> list[TokenInfo]:
    def action() -> list[TokenInfo]:
        with store._sessions() as db:
            rows = db.scalars(select(TokenRow).order_by(TokenRow.created_at))
            return [
                TokenInfo(r.id, r.user_id, r.created_at, r.revoked_at is not None) for r in rows
            ]

    return store._guard(action)


def revoke(store: Store, token_id_or_user: str) -> int:
    """Revoke one token by id, or every token of a user; returns how many were revoked."""

    def action() -> int:
        with store._transaction() as db:
            rows = list(
                db.scalars(
                    select(TokenRow).where(
                        (TokenRow.id == token_id_or_user) | (TokenRow.user_id == token_id_or_user),
                        TokenRow.revoked_at.is_(None),
                    )
                )
            )
            for row in rows:
                row.revoked_at = _now()
            return len(rows)

    count = store._guard(action)
    if count == 0:
        raise TokenNotFound(f"No active token or user {token_id_or_user!r}.")
    return count
