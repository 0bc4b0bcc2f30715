"""Schema migrations with Alembic, applied automatically when a Store opens a database."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from interviewer.store.schema import Base

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


BASELINE = "0001"


def _adopt_unversioned(engine: Engine) -> None:
    """A database made before migrations existed (tables, no alembic_version): complete
    its tables and mark it as the baseline, so upgrading does not recreate them."""
    with engine.begin() as connection:
        tables = set(inspect(connection).get_table_names())
        if "sessions" not in tables:
            return
        if (
            "alembic_version" in tables
            and connection.execute(text("select count(*) from alembic_version")).scalar()
        ):
            return
        Base.metadata.create_all(connection)
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.stamp(config, BASELINE)


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema. Workers starting together may race to
    create the first tables; the loser retries once and finds the work done."""
    for attempt in range(2):
        try:
            _adopt_unversioned(engine)
            with engine.begin() as connection:
                config = alembic_config(engine)
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
            return
        except (OperationalError, ProgrammingError):
            if attempt == 1:
                raise


def new_revision(engine: Engine, message: str) -> None:
    """For developers: autogenerate a migration from the models (`python -m interviewer.store.migrate MSG`)."""
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)


if __name__ == "__main__":
    import sys
    import tempfile

    from sqlalchemy import create_engine

    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite:///{folder}/schema.db")
        upgrade(engine)
        new_revision(engine, " ".join(sys.argv[1:]) or "schema change")
