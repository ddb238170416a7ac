from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_roles_chain_from_konselor_up_to_manager(self):
        """Each role implies the one below it; Admin and Konselor stay apart."""
        ref = self.env.ref
        manager = ref("sapa_case.group_sapa_manager")
        kadin = ref("sapa_case.group_sapa_head_agency")
        kabid = ref("sapa_case.group_sapa_head_division")
        subkoor = ref("sapa_case.group_sapa_subcoordinator")
        admin = ref("sapa_case.group_sapa_admin")
        konselor = ref("sapa_case.group_sapa_counselor")
        self.assertIn(kadin, manager.implied_ids)
        self.assertIn(kabid, kadin.implied_ids)
        self.assertIn(subkoor, kabid.implied_ids)
        self.assertEqual(subkoor.implied_ids, admin | konselor)
        self.assertNotIn(admin, konselor.trans_implied_ids)
        self.assertNotIn(konselor, admin.trans_implied_ids)
        category = ref("sapa_case.module_category_sapa")
        self.assertEqual(
            (manager | kadin | kabid | subkoor | admin | konselor).category_id, category
        )

    def test_one_stage_per_sop_step_in_sop_order(self):
        stages = self.env["sapa.case.stage"].search([])
        self.assertEqual(
            stages.mapped("step"),
            [
                "received", "identification", "verification", "approval", "outreach",
                "decision", "referral", "final_report", "monitoring", "closed",
            ],
        )
        self.assertEqual(stages.filtered("fold").step, "closed")
