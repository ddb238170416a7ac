#!/usr/bin/env bash
# ruff, then pylint-odoo (configuration: ruff.toml and setup.cfg).
source "$(dirname "$0")/common.sh"
ensure_venv
ensure_odoo
cd "$REPO"
status=0
log "lint: ruff"
"$SAPA_VENV/bin/ruff" check . || status=1
log "lint: pylint-odoo"
"$SAPA_VENV/bin/pylint" --rcfile=setup.cfg --disable=no-member,prefer-env-translation,consider-merging-classes-inherited \
    sapa_case sapa_referral sapa_portal || status=1
exit $status
