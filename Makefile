.PHONY: test bench lint

test:
	./scripts/run-tests

bench:
	@test -x .venv/bin/python || ./scripts/run-tests --co -q >/dev/null
	.venv/bin/python bench/run_all.py

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy interviewer tests bench
