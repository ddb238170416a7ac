from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoStory(TransactionCase):
    """The demo data (make test installs it) tells a consistent story."""

    def test_every_case_past_a_decision_to_refer_has_its_referral(self):
        cases = self.env["sapa.case"].search([("decision", "=", "refer")])
        self.assertTrue(cases.filtered(lambda c: c.step == "referral"), "the story has one")
        self.assertTrue(cases.filtered(lambda c: c.step == "closed"), "the story has one")
        for case in cases:
            self.assertTrue(case.referral_ids, f"{case.name} ({case.step}) has its referral")
            if case.step in ("monitoring", "closed"):
                self.assertTrue(case._has_sent_referral(), case.name)
        waiting = cases.filtered(lambda c: c.step == "referral").referral_ids
        self.assertEqual(set(waiting.mapped("state")), {"to_sign"})
        self.assertTrue(waiting.activity_ids, "Kepala Dinas is asked to sign")

    def test_no_referral_is_titled_slash(self):
        self.assertFalse(self.env["sapa.referral"].search([("name", "=", "/")]))

    def test_every_waiting_case_has_the_activity_of_its_step(self):
        steps = ("received", "identification", "verification", "approval", "outreach",
                 "decision", "referral", "final_report")
        for case in self.env["sapa.case"].search([("step", "in", steps)]):
            self.assertTrue(case.activity_ids.filtered(
                lambda a: a.activity_type_id.res_model == "sapa.case"
            ), f"{case.name} at {case.step}")

    def test_the_story_chatter_is_in_indonesian(self):
        """The creation line and the stage names in the chatter are stored in
        Indonesian, though the story is played during the installation."""
        case = self.env["sapa.case"].search([("step", "=", "closed")], limit=1)
        bodies = " ".join(case.message_ids.mapped(lambda m: str(m.body or "")))
        model_id = self.env["ir.model"].with_context(lang="id_ID")._get("sapa.case").name
        self.assertNotEqual(model_id, "SAPA Case", "the model name has its translation")
        self.assertIn(model_id, bodies, "the creation line names the model in Indonesian")
        outreach = self.env["sapa.case.stage"].with_context(lang="id_ID")._get_by_step("outreach")
        self.assertNotEqual(outreach.name, outreach.with_context(lang="en_US").name)
        self.assertIn(outreach.name, bodies, "'moved to' names the stage in Indonesian")
