# Newsroom: `make run` to try it, `make test` to test it. Both are safe to run again.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/newsroom
export DJANGO_SETTINGS_MODULE := newsroom.settings

.PHONY: venv run migrate demo superuser test test-sqlite test-postgres lint check check-deploy clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

venv: $(BIN)/.installed

migrate: venv
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput

demo: migrate
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_demo

# Creates an admin from DJANGO_SUPERUSER_USERNAME / _EMAIL / _PASSWORD when they are set.
superuser: migrate
	@if [ -n "$$DJANGO_SUPERUSER_USERNAME" ] && [ -n "$$DJANGO_SUPERUSER_PASSWORD" ]; then \
		DJANGO_DEBUG=1 $(BIN)/python manage.py createsuperuser --noinput \
			--email "$${DJANGO_SUPERUSER_EMAIL:-admin@example.com}" 2>/dev/null \
			&& echo "Admin user $$DJANGO_SUPERUSER_USERNAME created." \
			|| echo "Admin user $$DJANGO_SUPERUSER_USERNAME already exists."; \
	else \
		echo "No admin user yet? Run: $(BIN)/python manage.py createsuperuser"; \
		echo "  (or set DJANGO_SUPERUSER_USERNAME and DJANGO_SUPERUSER_PASSWORD and run make run again)"; \
	fi

run: demo superuser
	@echo "Newsroom on http://127.0.0.1:8000/ (admin: http://127.0.0.1:8000/admin/)"
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

# The whole suite on SQLite, or on PostgreSQL when DATABASE_URL says postgres://…
test: venv
	DATABASE_CONN_MAX_AGE=0 DJANGO_SECRET_KEY=test-only-secret $(BIN)/pytest $(PYTEST_ARGS)

test-sqlite: venv
	DATABASE_URL= DATABASE_CONN_MAX_AGE=0 DJANGO_SECRET_KEY=test-only-secret $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: venv
	DATABASE_URL=$(PG_URL) DATABASE_CONN_MAX_AGE=0 DJANGO_SECRET_KEY=test-only-secret $(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .

check: venv
	DJANGO_DEBUG=1 $(BIN)/python manage.py check
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# Django's deployment checklist against the production environment of docs/security.md (a random key).
check-deploy: venv
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		DJANGO_ALLOWED_HOSTS=news.example.ma DJANGO_SECURE_PROXY_SSL_HEADER=1 TRUSTED_PROXY_COUNT=1 \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var/
