"""Both branches of the SOP walked over XML-RPC by the demo users of each role,
with their own passwords (no administrator, no sudo): what an RPC client or
integration of a Dinas does. At each step the activity is there for whoever
owes the next move; the approvals are made by marking their activity done."""

# Who owes the move out of each step: the same table as the ORM test's.
from odoo.addons.sapa_case.tests.common import OWED_BY  # pylint: disable=import-error
from odoo.tests import HttpCase, get_db_name, tagged

# The demo users (sapa_case/demo/sapa_case_users_demo.xml): password = login.
LOGINS = {
    "admin": "sapa_admin",
    "subcoordinator": "sapa_subkoor",
    "counselor": "sapa_konselor",
    "head_division": "sapa_kabid",
    "head_agency": "sapa_kadin",
}


@tagged("post_install", "-at_install")
class TestSopOverXmlRpc(HttpCase):
    def setUp(self):
        super().setUp()
        self.db = get_db_name()
        self.uids = {
            role: self.xmlrpc_common.authenticate(self.db, login, login, {})
            for role, login in LOGINS.items()
        }
        self.assertTrue(all(self.uids.values()), "every demo role logs in with its password")

    def call(self, role, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.db, self.uids[role], LOGINS[role], model, method, list(args), kwargs
        )

    def read_case(self, role, case_id, *fields):
        return self.call(role, "sapa.case", "read", [case_id], fields=list(fields))[0]

    def assert_step(self, case_id, step):
        self.assertEqual(self.read_case("admin", case_id, "step")["step"], step)

    def owed_activity(self, case_id, step, model="sapa.case", res_id=None):
        """The activity of ``step`` of the one who owes it, as they see it."""
        role = OWED_BY[step]
        activities = self.call(
            role, "mail.activity", "search_read",
            [("res_model", "=", model), ("res_id", "=", res_id or case_id),
             ("user_id", "=", self.uids[role])],
            fields=["summary", "date_deadline"],
        )
        self.assertEqual(len(activities), 1, f"{step}: one activity for {LOGINS[role]}")
        return activities[0]

    def mark_done(self, role, activity, feedback):
        self.call(role, "mail.activity", "action_feedback", [activity["id"]], feedback=feedback)

    # ------------------------------------------------------------------
    def walk_to_decision(self):
        env = self.env
        physical = env.ref("sapa_case.violence_type_physical")
        complaint_id = self.call("admin", "sapa.complaint", "create", {
            "channel": "hotline",
            "reporter_name": "Ibu Sari",
            "reporter_phone": "0812-3456-7890",
            "reporter_relation": "family",
            "description": "Tetangga mendengar anak menangis dan dipukul setiap malam.",
            "incident_date": "2026-11-20",
            "violence_type_ids": [(6, 0, physical.ids)],
            "consent_contact": True,
            "consent_data": True,
        })
        self.call("admin", "sapa.complaint", "action_accept", [complaint_id])
        case_id = self.call("admin", "sapa.complaint", "read", [complaint_id], fields=["case_id"])[
            0]["case_id"][0]
        self.assert_step(case_id, "received")

        self.owed_activity(case_id, "received")
        self.call("admin", "sapa.case", "write", [case_id],
                  {"user_id": self.uids["subcoordinator"]})
        self.assertIs(
            self.call("admin", "sapa.case", "action_send_to_identification", [case_id]), True
        )

        self.owed_activity(case_id, "identification")
        self.call("subcoordinator", "sapa.case.contact.attempt", "create",
                  {"case_id": case_id, "outcome": "reached", "note": "Pelapor terkonfirmasi"})
        self.call("subcoordinator", "sapa.case", "write", [case_id], {
            "identification": "Pengaduan terkonfirmasi melalui WhatsApp.",
            "victim_condition": "Korban berada di tempat aman.",
            "planned_steps": "Kunjungan rumah dan asesmen psikologis.",
            "risk_level": "medium",
        })
        self.call("subcoordinator", "sapa.case", "action_submit_identification", [case_id])

        # Kepala Bidang verifies by marking the activity done.
        verification = self.owed_activity(case_id, "verification")
        self.call("head_division", "sapa.case", "write", [case_id], {
            "team_member_ids": [
                (0, 0, {"user_id": self.uids["subcoordinator"], "role": "subcoordinator",
                        "task": "Koordinator penjangkauan"}),
                (0, 0, {"user_id": self.uids["counselor"], "role": "counselor",
                        "task": "Asesmen psikologis"}),
            ],
        })
        self.mark_done("head_division", verification, "Identifikasi lengkap")
        self.assert_step(case_id, "approval")

        # Kepala Dinas approves the surat tugas by marking the activity done.
        self.mark_done("head_agency", self.owed_activity(case_id, "approval"), "Disetujui")
        self.assert_step(case_id, "outreach")
        self.assertEqual(
            self.read_case("admin", case_id, "approved_by_id")["approved_by_id"][0],
            self.uids["head_agency"],
        )

        self.owed_activity(case_id, "outreach")
        self.call("counselor", "sapa.case", "write", [case_id], {
            "outreach_activity_ids": [(0, 0, {
                "activity_type": "home_visit", "place": "Rumah korban",
                "findings": "Korban bersedia didampingi.",
            })],
            "outreach_report": "Penjangkauan dilakukan sesuai surat tugas.",
            "recommendation": "Pendampingan lanjutan.",
        })
        self.call("counselor", "sapa.case", "action_submit_outreach_report", [case_id])
        self.owed_activity(case_id, "decision")
        return case_id

    def monitor_and_close(self, case_id):
        self.assert_step(case_id, "monitoring")
        for _checkin in range(2):
            due = self.read_case("counselor", case_id, "monitoring_next_date")
            self.call("counselor", "sapa.case.monitoring.checkin", "create", {
                "case_id": case_id, "condition": "stable", "date": due["monitoring_next_date"],
            })
        self.assertIs(self.call("counselor", "sapa.case", "action_close", [case_id]), True)
        self.assert_step(case_id, "closed")
        pending = self.call("admin", "mail.activity", "search_count",
                            [("res_model", "=", "sapa.case"), ("res_id", "=", case_id)])
        self.assertEqual(pending, 0, "a closed case owes nobody anything")

    def test_referral_branch_over_xmlrpc(self):
        case_id = self.walk_to_decision()
        # Kepala Dinas records the decision and marks the decision activity done.
        self.call("head_agency", "sapa.case", "write", [case_id], {"decision": "refer"})
        self.mark_done("head_agency", self.owed_activity(case_id, "decision"), "Rujuk")
        self.assert_step(case_id, "referral")

        self.owed_activity(case_id, "referral")
        self.call("subcoordinator", "sapa.case", "write", [case_id],
                  {"monitoring_interval_days": 14, "monitoring_checkin_target": 2})
        provider = self.env["sapa.case.walker"]._walker_provider()
        referral_id = self.call("subcoordinator", "sapa.referral", "create", {
            "case_id": case_id,
            "provider_id": provider.id,
            "service_type_ids": [(6, 0, provider.sapa_service_type_ids[:1].ids)],
            "reason": "Pemeriksaan medis dan visum.",
        })
        self.assertNotEqual(
            self.call("subcoordinator", "sapa.referral", "read", [referral_id],
                      fields=["name"])[0]["name"], "/",
        )
        self.call("subcoordinator", "sapa.referral", "action_submit_for_signature", [referral_id])
        # Kepala Dinas signs by marking the signing activity done.
        sign = self.call(
            "head_agency", "mail.activity", "search_read",
            [("res_model", "=", "sapa.referral"), ("res_id", "=", referral_id),
             ("user_id", "=", self.uids["head_agency"])], fields=["id"],
        )
        self.assertEqual(len(sign), 1, "the signing activity is Kepala Dinas's")
        self.mark_done("head_agency", sign[0], "Setuju")
        self.call("subcoordinator", "sapa.case", "action_start_monitoring", [case_id])
        self.monitor_and_close(case_id)

    def test_final_report_branch_over_xmlrpc(self):
        case_id = self.walk_to_decision()
        self.assertIs(
            self.call("head_agency", "sapa.case", "action_decide_no_referral", [case_id]), True
        )
        self.assert_step(case_id, "final_report")
        self.owed_activity(case_id, "final_report")
        self.call("subcoordinator", "sapa.case", "write", [case_id], {
            "final_report": "Korban telah menerima pendampingan.",
            "monitoring_interval_days": 14,
            "monitoring_checkin_target": 2,
        })
        action = self.call("subcoordinator", "sapa.case", "action_print_final_report", [case_id])
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertIs(
            self.call("admin", "sapa.case", "action_archive_final_report", [case_id]), True
        )
        self.monitor_and_close(case_id)

    def test_a_konselor_outside_the_team_reads_a_sapa_message(self):
        complaint_id = self.call("admin", "sapa.complaint", "create", {
            "channel": "hotline",
            "reporter_name": "Ibu Ani",
            "description": "Laporan kekerasan dalam rumah tangga.",
            "consent_contact": True,
        })
        self.call("admin", "sapa.complaint", "action_accept", [complaint_id])
        case_id = self.call("admin", "sapa.complaint", "read", [complaint_id], fields=["case_id"])[
            0]["case_id"][0]
        # No outreach team yet: the Konselor is not in it.
        # In English here (the message is translated for the staff's language).
        with self.assertRaisesRegex(Exception, "open only to its outreach team") as caught:
            self.call("counselor", "sapa.case", "read", [case_id], fields=["name"],
                      context={"lang": "en_US"})
        self.assertNotIn("top-secret", str(caught.exception))
        self.assertNotIn("sapa.case", str(caught.exception), "not Odoo's generic error")
