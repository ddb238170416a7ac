from contextlib import contextmanager
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError
from odoo.sql_db import Cursor
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL, mute_logger

from ..models.sapa_access_log_mixin import SapaAccessLogMixin
from .common import SapaCaseCommon, SapaTestMixin, create_role_user

# Line models carrying confidential data, with a confidential field of each:
# reading it is a read of the case the line belongs to.
LINES = {
    "sapa.case.victim": ("victim_ids", "name"),
    "sapa.case.perpetrator": ("perpetrator_ids", "name"),
    "sapa.case.outreach.activity": ("outreach_activity_ids", "findings"),
    "sapa.case.monitoring.checkin": ("checkin_ids", "note"),
    "sapa.case.contact.attempt": ("contact_attempt_ids", "note"),
}


class AccessLogMixin(SapaTestMixin):
    @classmethod
    def setup_access_log(cls):
        cls._setup_sapa(login_prefix="log")
        # Staff who export (Odoo's export right, on top of their SAPA role).
        cls.subkoor.groups_id += cls.env.ref("base.group_allow_export")
        cls.case = cls.new_case_at("closed")
        cls.other_case = cls.new_case_at("identification")
        case_sudo = cls.case.sudo()
        case_sudo.write({
            "victim_ids": [Command.create({"name": "Victim", "sex": "female"})],
            "perpetrator_ids": [Command.create({"name": "Perpetrator"})],
        })
        cls.lines = {model: case_sudo[fname] for model, (fname, _line_field) in LINES.items()}

    def logs(self, case=None, user=None):
        domain = [("case_id", "=", (case or self.case).id)]
        if user:
            domain.append(("user_id", "=", user.id))
        return self.env["sapa.case.access.log"].sudo().search(domain)

    @contextmanager
    def assert_logged(self, user, *cases, inserts=1):
        """The block logs one read of each of ``cases`` by ``user`` and nothing
        else, in ``inserts`` INSERT statements."""
        Log = self.env["sapa.case.access.log"].sudo()
        before = Log.search([])
        statements = []
        execute = Cursor.execute

        def spy(cr, query, params=None, log_exceptions=None):
            code = query.code if isinstance(query, SQL) else query
            if code.lstrip().startswith("INSERT INTO \"sapa_case_access_log\""):
                statements.append(code)
            return execute(cr, query, params, log_exceptions)

        with patch.object(Cursor, "execute", spy):
            yield
        new = Log.search([]) - before
        self.assertEqual(sorted(new.case_id.ids), sorted(case.id for case in cases))
        self.assertEqual(len(new), len(cases), "one row per case read")
        self.assertEqual(new.user_id, user if cases else user.browse())
        self.assertEqual(len(statements), inserts)


@tagged("post_install", "-at_install")
class TestAccessLog(AccessLogMixin, SapaCaseCommon):
    """Every read path of confidential data, over the ORM, as the staff do it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_access_log()

    def test_every_read_path_of_confidential_case_data_is_logged_once(self):
        Case = self.env["sapa.case"].with_user(self.subkoor)
        case = self.case.with_user(self.subkoor)
        on_case = [("id", "=", self.case.id)]
        paths = {
            "read": lambda: case.read(["identification"]),
            "read of every field": lambda: case.read(),
            "search_read": lambda: Case.search_read(on_case, ["summary"]),
            "search_read of every field": lambda: Case.search_read(on_case),
            "web_read (form)": lambda: case.web_read({"name": {}, "victim_condition": {}}),
            "web_read of lines": lambda: case.web_read(
                {"victim_ids": {"fields": {"name": {}, "age": {}}}}
            ),
            "web_search_read": lambda: Case.web_search_read(on_case, {"planned_steps": {}}),
            "read_group": lambda: Case.read_group(on_case, ["risk_level"], ["risk_level"]),
            "web_read_group": lambda: Case.web_read_group(on_case, ["__count"], ["risk_level"]),
            "_read_group aggregate": lambda: Case._read_group(
                on_case, [], ["outreach_report:count_distinct"]
            ),
            "export_data": lambda: case.export_data(["name", "recommendation"]),
            "export_data of lines": lambda: case.export_data(["victim_ids/name"]),
        }
        for name, read in paths.items():
            with self.subTest(path=name), self.assert_logged(self.subkoor, self.case):
                read()

    def test_reads_of_the_confidential_lines_are_logged_as_reads_of_their_case(self):
        for model, (_fname, line_field) in LINES.items():
            line = self.lines[model].with_user(self.subkoor)
            Line = line.browse()
            on_line = [("id", "in", line.ids)]
            for name, read in {
                "read": lambda line=line, f=line_field: line.read([f]),
                "search_read": lambda Line=Line, d=on_line, f=line_field: Line.search_read(d, [f]),
                "web_search_read": lambda Line=Line, d=on_line, f=line_field:
                    Line.web_search_read(d, {f: {}}),
                "read_group": lambda Line=Line, d=on_line, f=line_field:
                    Line.read_group(d, [f], [f]),
                "export_data": lambda line=line, f=line_field: line.export_data([f]),
                "export_data through the case": lambda line=line: line.export_data(
                    ["case_id/identification"]
                ),
            }.items():
                with self.subTest(model=model, path=name), \
                        self.assert_logged(self.subkoor, self.case):
                    read()

    def test_one_insert_per_read_call_for_many_cases_and_their_lines(self):
        cases = (self.case | self.other_case).with_user(self.kadin)
        with self.assert_logged(self.kadin, self.case, self.other_case):
            cases.web_read({
                "identification": {},
                "victim_ids": {"fields": {"name": {}}},
                "contact_attempt_ids": {"fields": {"note": {}, "outcome": {}}},
            })

    def test_reads_of_staff_fields_only_are_not_logged(self):
        Case = self.env["sapa.case"].with_user(self.subkoor)
        on_case = [("id", "=", self.case.id)]
        with self.assert_logged(self.subkoor, inserts=0):
            self.case.with_user(self.subkoor).read(["name", "stage_id", "user_id"])
            Case.search_read(on_case, ["name", "date_deadline"])
            Case.web_search_read(on_case, {"name": {}, "stage_id": {"fields": {}}})
            Case.read_group(on_case, ["stage_id"], ["stage_id"])
            Case.web_read_group([], ["__count"], ["stage_id"])
            self.case.with_user(self.subkoor).export_data(["name", "stage_id/name"])
            for line in self.lines.values():
                line.with_user(self.subkoor).read(["case_id"])

    def test_the_admins_kanban_and_form_read_no_confidential_field_and_log_nothing(self):
        Case = self.env["sapa.case"].with_user(self.admin)
        views = Case.get_views([(False, "kanban"), (False, "form")])["models"]["sapa.case"]
        specification = {
            fname: {"fields": {"display_name": {}}} if Case._fields[fname].relational else {}
            for fname in views["fields"]
        }
        self.assertFalse(Case._sapa_confidential_fields().intersection(specification))
        with self.assert_logged(self.admin, inserts=0):
            Case.web_search_read([("id", "=", self.case.id)], specification)
            self.case.with_user(self.admin).web_read(specification)

    def test_kanban_cards_without_confidential_fields_are_not_logged(self):
        Case = self.env["sapa.case"].with_user(self.subkoor)
        card = Case.get_views([(False, "kanban")])["models"]["sapa.case"]["fields"]
        specification = {
            fname: {} for fname in card if fname not in Case._sapa_confidential_fields()
        }
        with self.assert_logged(self.subkoor, inserts=0):
            Case.web_search_read([], specification, limit=80)

    def test_presence_checks_and_superuser_reads_are_not_logged(self):
        # Walking a case along the SOP: the guard checks what each step needs
        # (as superuser), computes with compute_sudo count the check-ins.
        self.assertFalse(self.logs(), "walking the SOP logged nothing")
        with self.assert_logged(self.admin, inserts=0):
            case = self.new_case_at("closed")
            self.assertFalse(self.logs(case))
            self.case.with_user(self.admin).web_read(
                {"checkin_count": {}, "monitoring_complete": {}}
            )
            self.case.sudo().read(["identification", "victim_ids"])
            self.env["sapa.case"].sudo().search_read([], ["summary"])

    def test_a_refused_read_is_not_logged(self):
        with self.assert_logged(self.admin, inserts=0), self.assertRaises(AccessError):
            self.case.with_user(self.admin).read(["identification"])

    def test_the_log_is_append_only(self):
        self.case.with_user(self.subkoor).read(["identification"])
        odoo_admin = create_role_user(
            self.env, "manager", "log_odoo_admin", groups_id=[
                self.env.ref("sapa_case.group_sapa_manager").id,
                self.env.ref("base.group_system").id,
            ],
        )
        for user in (self.manager, odoo_admin):
            log = self.logs().with_user(user)
            self.assertEqual(log.user_id, self.subkoor, "the SAPA Manager reads the log")
            with self.assertRaises(AccessError):
                log.write({"user_id": user.id})
            with self.assertRaises(AccessError):
                log.unlink()
            with self.assertRaises(AccessError):
                log.create({"case_id": self.case.id, "user_id": user.id})
        for user in (self.subkoor, self.kadin, self.admin):
            with self.assertRaises(AccessError):
                self.env["sapa.case.access.log"].with_user(user).search([])
        self.logs().unlink()  # the superuser (e.g. a retention job) may
        self.assertFalse(self.logs())

    def test_a_case_whose_data_was_read_cannot_be_deleted_and_its_log_stays(self):
        self.case.with_user(self.subkoor).read(["identification"])
        # The database refuses (over RPC, Odoo answers with its "another model
        # requires the record being deleted" message).
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.case.with_user(self.manager).unlink()
            self.env.flush_all()
        self.assertTrue(self.case.exists())
        self.assertEqual(self.logs().user_id, self.subkoor)


@tagged("post_install", "-at_install")
class TestAccessLogOverRpc(AccessLogMixin, HttpCase):
    """The web client's reads, over JSON-RPC: Odoo 18 runs them on a read-only
    cursor (on the replica, where one is set), and they are logged all the same."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_access_log()

    def call_kw(self, model, method, args, kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def test_reads_over_json_rpc_are_logged_on_read_only_cursors_too(self):
        self.authenticate(self.subkoor.login, self.subkoor.login)
        on_case = [("id", "=", self.case.id)]
        calls = {
            "web_read": ("sapa.case", "web_read", [self.case.ids],
                         {"specification": {"identification": {}}}),
            "web_search_read": ("sapa.case", "web_search_read", [on_case],
                                {"specification": {"victim_ids": {"fields": {"name": {}}}}}),
            "read": ("sapa.case", "read", [self.case.ids, ["planned_steps"]], {}),
            "search_read": ("sapa.case", "search_read", [on_case, ["summary"]], {}),
            "web_read_group": ("sapa.case", "web_read_group", [on_case, ["__count"],
                                                               ["risk_level"]], {}),
            "read_group": ("sapa.case", "read_group", [on_case, ["risk_level"],
                                                       ["risk_level"]], {}),
            "victims' web_search_read": (
                "sapa.case.victim", "web_search_read",
                [[("case_id", "=", self.case.id)]], {"specification": {"name": {}}},
            ),
            # Not a read-only call: logged in its own transaction.
            "export_data": ("sapa.case", "export_data", [self.case.ids, ["identification"]], {}),
        }
        write_log = SapaAccessLogMixin._sapa_write_access_log
        cursors = []

        def spy(records, pending):
            cursors.append(records.env.cr.readonly)
            return write_log(records, pending)

        for name, (model, method, args, kwargs) in calls.items():
            cursors.clear()
            with self.subTest(call=name), self.assert_logged(self.subkoor, self.case), \
                    patch.object(SapaAccessLogMixin, "_sapa_write_access_log", spy):
                self.call_kw(model, method, args, kwargs)
            read_only = method != "export_data"
            self.assertEqual(cursors, [read_only], f"{name}: read-only cursor {read_only}")

    def test_the_kanban_of_the_admin_over_json_rpc_logs_nothing(self):
        self.authenticate(self.admin.login, self.admin.login)
        with self.assert_logged(self.admin, inserts=0):
            self.call_kw("sapa.case", "web_search_read", [[]], {"specification": {
                "name": {}, "stage_id": {"fields": {"display_name": {}}}, "is_urgent": {},
                "date_deadline": {}, "violence_type_ids": {"fields": {"display_name": {}}},
            }})
