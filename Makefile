# Two commands for users: `make run` and `make test` (see README.md).
.PHONY: run test setup stop wachtwoord lock clean

run:
	scripts/run.sh

test:
	scripts/test.sh

setup:
	scripts/setup.sh

# Stop the embedded PostgreSQL (only used when DATABASE_URL is not set).
stop: setup
	DEBUG=$${DEBUG:-1} .venv/bin/python manage.py database stop

wachtwoord: setup
	DEBUG=$${DEBUG:-1} .venv/bin/python manage.py changepassword beheerder

# Recompile the pinned requirements after editing requirements/*.in.
lock: setup
	cd requirements && ../.venv/bin/uv pip compile --python-version 3.11 requirements.in -o requirements.txt -q
	cd requirements && ../.venv/bin/uv pip compile --python-version 3.11 requirements.in dev.in -o dev.txt -q

clean:
	rm -rf .venv .mypy_cache .ruff_cache .pytest_cache
