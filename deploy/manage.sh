#!/usr/bin/env bash
# manage.py with the production environment, as the service user:
#   sudo -u lotrinh /srv/lotrinh/deploy/manage.sh migrate
# (manage.py on its own falls back to the development settings.)
set -euo pipefail
cd "$(dirname "$0")/.."
set -a
# shellcheck disable=SC1090
. "${LOTRINH_ENV_FILE:-/etc/lotrinh/lotrinh.env}"
set +a
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.production}"
exec .venv/bin/python manage.py "$@"
