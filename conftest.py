"""pytest configuration shared by every SAPA test (run through pytest-odoo).

Two things Odoo's own runner does that pytest-odoo does not:
* collect only test classes defined in the collected module, and only their
  own ``test_*`` methods (Odoo's loader ignores imported and inherited ones;
  without this, importing ``HttpCase`` pulls web's whole JS suite in);
* treat an ERROR logged during a test as a failure (muted or asserted logs
  do not propagate to the root logger, so they are not counted).
"""

import logging

import pytest

from odoo.tools import config

# pytest-odoo imports Odoo's test framework before it sets test mode, which
# makes Odoo log a spurious ERROR; importing it here in test mode avoids that.
config["test_enable"] = True
import odoo.tests  # noqa: E402,F401

config["test_enable"] = False


def pytest_collection_modifyitems(session, config, items):
    kept = []
    for item in items:
        cls = getattr(item, "cls", None)
        if cls is not None:
            module = getattr(item, "module", None)
            if module is not None and cls.__module__ != module.__name__:
                continue
            method_name = getattr(item, "originalname", None) or item.name.split("[")[0]
            if method_name not in cls.__dict__:
                continue
        kept.append(item)
    items[:] = kept


class _ErrorCollector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    collector = _ErrorCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield
    finally:
        root.removeHandler(collector)
    if collector.records:
        lines = "\n".join(
            f"{r.name}: {r.getMessage()}" for r in collector.records[:10]
        )
        pytest.fail(f"ERROR logged during the test:\n{lines}", pytrace=False)


