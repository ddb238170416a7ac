"""Ctrl-C on `make run` stops everything that run started, PostgreSQL included.

The script runs in its own process group with its own PostgreSQL cluster, port
and database (no demo data, to keep it cheap), as a terminal would run it; then
the group gets SIGINT, as Ctrl-C sends it.
"""

import os
import shutil
import signal
import subprocess
import sys
import uuid
from pathlib import Path

from server_process import REPO, free_port, group_pids, http_status, kill_group, wait_for


def cluster_running(pgdata):
    """Whether a postmaster still runs on the data folder (pg_ctl's own test)."""
    pid_file = Path(pgdata) / "postmaster.pid"
    if not pid_file.exists():
        return False
    pid = int(pid_file.read_text().splitlines()[0])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_ctrl_c_on_make_run_stops_odoo_and_the_postgresql_it_started():
    name = f"sapa_run_test_{uuid.uuid4().hex[:8]}"
    # Directly under /tmp: as root, the cluster's `postgres` user must reach it.
    pgdata = Path("/tmp") / name  # noqa: S108 (a fresh, unique folder of this test)
    port = free_port()
    env = {
        key: value for key, value in os.environ.items()
        if key not in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD")
    }
    env.update(
        SAPA_PGDATA=str(pgdata), SAPA_PGPORT=str(free_port()), SAPA_PORT=str(port),
        SAPA_DB=name, SAPA_DEMO="0", SAPA_VENV=str(Path(sys.executable).parent.parent),
    )
    log = Path("/tmp") / f"{name}.log"  # noqa: S108
    with log.open("w") as output:
        run = subprocess.Popen(  # noqa: S603
            [str(REPO / "scripts" / "run.sh")], cwd=REPO, env=env, stdout=output,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        assert wait_for(f"http://127.0.0.1:{port}/web/login", run, 600), log.read_text()[-3000:]
        assert cluster_running(pgdata), "run.sh started its own PostgreSQL"

        os.killpg(run.pid, signal.SIGINT)  # Ctrl-C in the terminal
        run.wait(timeout=90)

        assert group_pids(run.pid) == [], "a process of `make run` survived Ctrl-C"
        assert not cluster_running(pgdata), "Ctrl-C left the project's PostgreSQL running"
        assert http_status(f"http://127.0.0.1:{port}/web/login") is None
    finally:
        kill_group(run)
        if cluster_running(pgdata):
            stop_cluster(pgdata)
        shutil.rmtree(pgdata, ignore_errors=True)
        shutil.rmtree(Path.home() / ".local/share/Odoo/filestore" / name, ignore_errors=True)
        log.unlink(missing_ok=True)


def stop_cluster(pgdata):
    pg_ctl = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))[-1]
    command = [str(pg_ctl), "-D", str(pgdata), "-m", "immediate", "stop"]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, capture_output=True, check=False)  # noqa: S603
