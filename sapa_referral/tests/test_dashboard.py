import json

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import SapaReferralTestMixin

OFFICIALS = ("head_division", "head_agency", "manager")
OTHERS = ("admin", "subcoordinator", "counselor", "internal")


@tagged("post_install", "-at_install")
class TestSapaDashboard(SapaReferralTestMixin, HttpCase):
    """The SAPA dashboard opens, with live data, for Kepala Bidang, Kepala Dinas
    and the SAPA Manager, and for nobody else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_referral_data()
        cls.case = cls._walk_case_to_referral()
        cls.dashboard = cls.env.ref("sapa_referral.spreadsheet_dashboard_sapa")

    def call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request("/web/dataset/call_kw", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs,
        })

    def login_as(self, role):
        user = self.users[role]
        self.authenticate(user.login, user.login.ljust(8, "x"))

    def test_the_officials_open_the_dashboard_and_its_live_data(self):
        for role in OFFICIALS:
            with self.subTest(role=role):
                self.login_as(role)
                result = self.call("spreadsheet.dashboard", "get_readonly_dashboard",
                                   [self.dashboard.id])
                snapshot = result["snapshot"]
                formulas = [cell["content"] for cell in snapshot["sheets"][0]["cells"].values()]
                self.assertIn("=PIVOT(1)", formulas)
                self.assertTrue(any(f.startswith("=ODOO.LIST(1,") for f in formulas))
                self.assertFalse([f for f in formulas if f[:1] == "=" and f[1:].isdigit()],
                                 "no static number")
                # Every data source reads, as this role, what the formulas show.
                for pivot in snapshot["pivots"].values():
                    groupby = [
                        row["fieldName"] + (f":{row['granularity']}" if row.get("granularity")
                                            else "")
                        for row in pivot["rows"] + pivot["columns"]
                    ]
                    groups = self.call(pivot["model"], "read_group", pivot["domain"],
                                       [m["fieldName"] for m in pivot["measures"]
                                        if m["fieldName"] != "__count"], groupby[:1],
                                       lazy=False)
                    self.assertIsInstance(groups, list, pivot["name"])
                for data_list in snapshot["lists"].values():
                    self.call(data_list["model"], "search_read", data_list["domain"],
                              data_list["columns"], limit=10)
                open_cases = self.call("sapa.case", "read_group",
                                       snapshot["pivots"]["1"]["domain"], [], ["stage_id"],
                                       lazy=False)
                self.assertIn(self.case.stage_id.id,
                              [group["stage_id"][0] for group in open_cases])

    @mute_logger("odoo.http")
    def test_nobody_else_opens_it(self):
        for role in OTHERS:
            with self.subTest(role=role):
                self.login_as(role)
                with self.assertRaises(JsonRpcException):
                    self.call("spreadsheet.dashboard", "get_readonly_dashboard",
                              [self.dashboard.id])
                visible = self.call("spreadsheet.dashboard", "search_read",
                                    [["id", "=", self.dashboard.id]], ["name"])
                self.assertFalse(visible)

    def test_the_dashboards_app_only_for_those_who_open_it(self):
        menu = self.env.ref("spreadsheet_dashboard.spreadsheet_dashboard_menu_root")
        Menu = self.env["ir.ui.menu"]
        for role in OFFICIALS + OTHERS:
            with self.subTest(role=role):
                visible = menu.id in Menu.with_user(self.users[role])._visible_menu_ids()
                self.assertEqual(visible, role in OFFICIALS)

    def test_kepala_bidang_opens_the_dashboard_in_the_browser(self):
        self.start_tour("/odoo/action-sapa_referral.sapa_dashboard_action", "sapa_dashboard_tour",
                        login=self.kabid.login)

    def test_the_dashboard_json_is_valid_and_names_existing_fields(self):
        data = json.loads(self.dashboard.spreadsheet_data)
        for pivot in data["pivots"].values():
            model = self.env[pivot["model"]]
            for spec in pivot["rows"] + pivot["columns"]:
                self.assertIn(spec["fieldName"], model._fields, pivot["name"])
            model.search(pivot["domain"])  # a valid domain
        for data_list in data["lists"].values():
            for column in data_list["columns"]:
                self.assertIn(column, self.env[data_list["model"]]._fields)
