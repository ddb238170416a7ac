# SAPA on Odoo 18.0. See README.md; settings are environment variables
# (ODOO_PATH, SAPA_PORT, SAPA_DB, PGHOST/PGPORT/PGUSER/PGPASSWORD).
.PHONY: run test lint bench

run:            ## bring up SAPA on http://localhost:8069 (database `sapa`, demo data)
	@scripts/run.sh

test:           ## every test (pytest-odoo) and the linters, on a throwaway database
	@scripts/test.sh $(TESTS)

lint:
	@scripts/lint.sh
