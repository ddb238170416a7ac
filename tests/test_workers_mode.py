"""Odoo in production runs with --workers: the project's venv must start it.

With the setuptools that `python -m venv` ships, gevent's websocket process of
the prefork server crash-loops (pkg_resources cannot resolve zope.interface);
its log shows a Traceback at each respawn.
"""

import os
import subprocess
import tempfile
import time
from pathlib import Path

from server_process import (
    PYTHON,
    addons_path,
    free_port,
    http_status,
    kill_group,
    odoo_path,
    wait_for,
)


def test_odoo_with_two_workers_serves_health_and_no_process_dies():
    http_port, gevent_port = free_port(), free_port()
    with tempfile.TemporaryDirectory() as folder:
        logfile = Path(folder) / "odoo.log"
        command = [
            PYTHON, str(odoo_path() / "odoo-bin"),
            f"--addons-path={addons_path()}",
            "--workers=2", "--max-cron-threads=0",
            "--http-interface=127.0.0.1", f"--http-port={http_port}",
            f"--gevent-port={gevent_port}",
            "--no-database-list", f"--logfile={logfile}", "--log-level=info",
        ]
        for option, variable in (("--db_host", "PGHOST"), ("--db_port", "PGPORT"),
                                 ("--db_user", "PGUSER")):
            if os.environ.get(variable):
                command.append(f"{option}={os.environ[variable]}")
        # The gevent process dies while importing odoo, before logging is set
        # up: its Traceback goes to stderr, not to the log file.
        stderr_path = Path(folder) / "stderr.log"
        with stderr_path.open("wb") as stderr:
            server = subprocess.Popen(  # noqa: S603
                command, stdout=stderr, stderr=stderr, start_new_session=True
            )
        try:
            assert wait_for(f"http://127.0.0.1:{http_port}/web/health", server, 60), (
                "odoo-bin --workers=2 did not answer /web/health"
            )
            # Long enough for the gevent process to start (and, if broken, to die
            # and be respawned) and for both workers to serve.
            time.sleep(6)
            statuses = {http_status(f"http://127.0.0.1:{http_port}/web/health")
                        for _i in range(6)}
            assert statuses == {200}, statuses
            assert server.poll() is None, "the prefork server stopped"
        finally:
            kill_group(server)
        log = logfile.read_text(encoding="utf-8", errors="replace")
        log += stderr_path.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log, log[-4000:]
    assert "HTTP service (werkzeug) running" in log, log[-2000:]
