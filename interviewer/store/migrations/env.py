"""Alembic environment: run by Store on start-up (upgrade to head), on its own connection."""

from __future__ import annotations

from alembic import context

from interviewer.store.schema import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite needs batch ALTERs
)
with context.begin_transaction():
    context.run_migrations()
