import base64
import csv
import io
from datetime import datetime

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .test_simfoni_export import VICTIM_NAME, SimfoniMixin


@tagged("post_install", "-at_install")
class TestSimfoniExportHttp(SimfoniMixin, HttpCase):
    """The export wizard over the web client's own calls: Kepala Dinas checks,
    exports and downloads the file; the Kepala Bidang cannot."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_sapa(login_prefix="http")
        cls._setup_simfoni()
        cls.case = cls.reported_case(datetime(2026, 3, 10, 3, 0))
    def call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs,
        })

    def login_as(self, user):
        self.authenticate(user.login, user.login.ljust(8, "x"))

    def test_kepala_dinas_checks_exports_and_downloads(self):
        self.login_as(self.kadin)
        [wizard_id] = self.call("sapa.simfoni.export", "create", [{
            "date_from": "2026-03-01", "date_to": "2026-03-31", "file_format": "csv",
        }])
        action = self.call("sapa.simfoni.export", "action_check", [wizard_id])
        self.assertEqual(action["res_id"], wizard_id)
        [checked] = self.call("sapa.simfoni.export", "read", [wizard_id],
                              ["state", "case_count", "victim_count"])
        self.assertEqual((checked["state"], checked["case_count"], checked["victim_count"]),
                         ("checked", 1, 2))
        self.call("sapa.simfoni.export", "action_export", [wizard_id])
        response = self.url_open(
            f"/web/content/sapa.simfoni.export/{wizard_id}/file_data?download=true"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers.get("Content-Disposition", ""))
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual([row["case_ref"] for row in rows], [self.case.name] * 2)
        self.assertNotIn(VICTIM_NAME, response.content.decode("utf-8-sig"))
        [done] = self.call("sapa.simfoni.export", "read", [wizard_id], ["file_data"])
        self.assertEqual(base64.b64decode(done["file_data"]), response.content)

    @mute_logger("odoo.http")
    def test_kepala_bidang_cannot_export(self):
        self.login_as(self.kabid)
        with self.assertRaises(JsonRpcException):
            self.call("sapa.simfoni.export", "create", [{
                "date_from": "2026-03-01", "date_to": "2026-03-31",
            }])
