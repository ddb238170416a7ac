#!/usr/bin/env bash
# Command 2: run every test of the three addons and of tests/, plus the linters,
# on a throwaway database. Exits non-zero on any failure; always cleans up.
#   scripts/test.sh                   everything
#   scripts/test.sh sapa_case         one addon's tests (paths are passed to pytest)
#   SAPA_TEST_TIMEOUT=2700            bound of the pytest run, in seconds
# Bounds: install 15 min, tests 45 min (each test 10 min, see setup.cfg), so a
# hung run still ends with a summary line well inside CI's 90 minutes.
source "$(dirname "$0")/common.sh"

TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(sapa_case sapa_referral sapa_portal tests)
TIMEOUT="${SAPA_TEST_TIMEOUT:-2700}"
INSTALL_TIMEOUT=900

"$REPO/scripts/system-packages.sh"
ensure_venv
ensure_odoo
ensure_postgres

TEST_DB="sapa_test_$$_$(date +%s)"
WORK="$(mktemp -d)"
cleanup() {
    dropdb --if-exists "$TEST_DB" >/dev/null 2>&1 || true
    rm -rf "$WORK" "$HOME/.local/share/Odoo/filestore/$TEST_DB"
}
on_exit cleanup
cd "$REPO"

lint_status=0
if [ -z "${SAPA_SKIP_LINT:-}" ]; then
    "$REPO/scripts/lint.sh" || lint_status=1
fi

log "installing $SAPA_MODULES with demo data into throwaway database $TEST_DB"
ODOO_ARGS=("${DB_ARGS[@]}" --addons-path="$ADDONS_PATH")
if ! timeout -k 30 "$INSTALL_TIMEOUT" "$PY" "$ODOO_PATH/odoo-bin" "${ODOO_ARGS[@]}" -d "$TEST_DB" \
        -i "$SAPA_MODULES" --stop-after-init --log-level=warn \
        --http-port=0 --no-http >"$WORK/install.log" 2>&1 \
   || grep -qE '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$WORK/install.log"; then
    cat "$WORK/install.log" >&2
    echo "0 passed, 1 failed"
    die "installing the addons failed (log above)"
fi

log "running tests: ${TARGETS[*]}"
set +e
timeout -k 60 "$TIMEOUT" "$PY" -m pytest "${TARGETS[@]}" \
    --odoo-database="$TEST_DB" --odoo-addons-path="$ADDONS_PATH" --odoo-http \
    --odoo-log-level=warn "${DB_ARGS[@]/#--/--odoo-extra=}"
test_status=$?
set -e
if [ $test_status -eq 124 ] || [ $test_status -eq 137 ]; then
    # pytest was killed before its own summary: say so in the same words.
    log "tests timed out after ${TIMEOUT}s"
    echo "0 passed, 1 failed (the test run timed out after ${TIMEOUT}s)"
fi
[ $test_status -eq 5 ] && log "no test was collected: that is a failure"
[ $lint_status -ne 0 ] && log "lint failed (see ruff/pylint output above)"
[ $test_status -eq 0 ] && [ $lint_status -eq 0 ]
