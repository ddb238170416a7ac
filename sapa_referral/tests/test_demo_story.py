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
