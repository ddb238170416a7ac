"""Helpers of the tests that start real server processes (odoo-bin, scripts/run.sh)."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def odoo_path():
    """The Odoo tree the tests run on (scripts/common.sh put it on PYTHONPATH)."""
    import odoo

    return Path(odoo.__file__).resolve().parent.parent


def addons_path():
    root = odoo_path()
    paths = [str(REPO), str(root / "odoo" / "addons")]
    if (root / "addons").is_dir():
        paths.append(str(root / "addons"))
    return ",".join(paths)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_status(url, timeout=3):
    """The HTTP status of a GET, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url, process, seconds):
    """Poll ``url`` until it answers 200; False if the process ended or time ran out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if http_status(url) == 200:
            return True
        time.sleep(0.5)
    return False


def group_pids(pgid):
    """Processes still alive in the process group ``pgid``."""
    result = subprocess.run(
        ["ps", "-e", "-o", "pid=,pgid=,stat="], capture_output=True, text=True, check=True  # noqa: S607
    )
    pids = []
    for line in result.stdout.splitlines():
        pid, group, stat = line.split(None, 2)
        if int(group) == pgid and not stat.startswith("Z"):
            pids.append(int(pid))
    return pids


def kill_group(process, grace=20):
    """TERM, then KILL, the process group led by ``process`` (test clean-up)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue
