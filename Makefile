# SAPA on Odoo 18.0. See README.md; settings are environment variables
# (ODOO_PATH, SAPA_PORT, SAPA_DB, PGHOST/PGPORT/PGUSER/PGPASSWORD).
.PHONY: run test lint pot bench cluster cluster-drill cluster-restore-drill

run:            ## bring up SAPA on http://localhost:8069 (database `sapa`, demo data)
	@scripts/run.sh

test:           ## every test (pytest-odoo) and the linters, on a throwaway database
	@scripts/test.sh $(TESTS)

lint:
	@scripts/lint.sh

pot:            ## export each addon's .pot and merge it into its i18n/id.po (then translate)
	@scripts/i18n.sh

bench:          ## every benchmark of bench/ (long: 100,000 cases); figures in bench/README.md
	@scripts/bench.sh

cluster:        ## nginx + 2 Odoo nodes + PostgreSQL primary/replica on 127.0.0.1:8300 (deploy/README.md)
	@deploy/cluster.sh up

cluster-drill:  ## failover drill through nginx (uses the running cluster, else brings one up)
	@deploy/cluster.sh drill $(DRILL_ARGS)

cluster-restore-drill:  ## backup, then restore into a new database and check it
	@deploy/cluster.sh restore-drill
