"""What the bench scripts share: free loopback ports for the servers they start,
and an Odoo registry opened from the command line (the bench's own options
first, then Odoo's). Imported by path: bench/ is not a package."""

import socket
import sys

HOST = "127.0.0.1"


def free_ports(ports, count=1):
    """The first ``count`` ports of ``ports`` free on HOST; exits if too few."""
    found = []
    for port in ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((HOST, port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    sys.exit(f"no {count} free port(s) in {ports.start}-{ports.stop - 1}")


def open_registry(parser):
    """Parses the bench's options (``parser``) and passes the rest to Odoo's
    configuration; returns the bench's options, Odoo's, and the registry of
    ``--db``."""
    # Here, not at the top: bench_portal_form.py runs Odoo as a separate process
    # and does not have it on its path.
    import odoo
    from odoo.tools import config

    args, odoo_args = parser.parse_known_args()
    config.parse_config(["-d", args.db, *odoo_args])
    return args, odoo_args, odoo.modules.registry.Registry(args.db)
