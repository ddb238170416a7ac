from odoo.addons.sapa_case.tests.common import create_role_user  # pylint: disable=import-error
from odoo.tests import tagged

from .common import PDF, PNG, SapaPortalCase


@tagged("post_install", "-at_install")
class TestComplaintForm(SapaPortalCase):
    # ------------------------------------------------------------------
    # The page
    # ------------------------------------------------------------------
    def test_form_is_served_in_indonesian_by_default_and_in_english(self):
        website = self.env["website"].get_current_website()
        self.assertEqual(website.default_lang_id.code, "id_ID")
        self.assertIn("en_US", website.language_ids.mapped("code"))
        # An Indonesian phone, and a browser asking for a language the site does
        # not have: Indonesian.
        for accept_language in ("id-ID,id;q=0.9", "jv-ID,jv;q=0.9"):
            with self.subTest(accept_language=accept_language):
                self.fresh_visitor()
                page = self.url_open(
                    "/sapa/pengaduan", headers={"Accept-Language": accept_language}
                )
                self.assertEqual(page.status_code, 200)
                self.assertTrue(page.url.endswith("/sapa/pengaduan"), page.url)
                self.assertIn("Keluar cepat", page.text)
                self.assertIn("Dalam bahaya sekarang?", page.text)
                self.assertIn("Laporkan kekerasan", page.text)  # website menu
        english = self.url_open("/en/sapa/pengaduan")
        self.assertEqual(english.status_code, 200)
        self.assertIn("Quick exit", english.text)
        self.assertIn("Are you in danger right now?", english.text)
        self.assertNotIn("Keluar cepat", english.text)

    def test_a_browser_naming_no_language_gets_indonesian(self):
        # Odoo would take English (its default) for them and redirect to /en/.
        phone = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 Chrome/120 Mobile"
        for headers in ({}, {"Accept-Language": "jv"}, {"Accept-Language": "*"}):
            with self.subTest(headers=headers):
                self.fresh_visitor()
                for path in ("/sapa/pengaduan", "/"):
                    page = self.url_open(path, headers=dict(headers, **{"User-Agent": phone}))
                    self.assertEqual(page.status_code, 200)
                    self.assertNotIn("/en/", page.url)
                    self.assertIn('lang="id"', page.text)
                    self.assertIn("Keluar cepat", page.text)
        # A browser asking for English still gets English.
        self.fresh_visitor()
        page = self.url_open(
            "/sapa/pengaduan", headers={"Accept-Language": "en-US,en;q=0.9", "User-Agent": phone}
        )
        self.assertTrue(page.url.endswith("/en/sapa/pengaduan"), page.url)
        self.assertIn("Quick exit", page.text)

    def test_form_carries_csrf_token_honeypot_and_emergency_numbers_without_js(self):
        response = self.url_open("/en/sapa/pengaduan")
        self.assertRegex(response.text, r'name="csrf_token" value="[0-9a-f]+o\d+"')
        self.assertIn('name="homepage"', response.text)
        for number in ('href="tel:129"', 'href="tel:112"', 'href="tel:110"', "08111-129-129"):
            self.assertIn(number, response.text)
        self.assertIn('href="https://www.google.com/search?q=cuaca+hari+ini"', response.text)

    # ------------------------------------------------------------------
    # A valid submission
    # ------------------------------------------------------------------
    def test_valid_submit_creates_exactly_one_online_complaint_with_the_typed_values(self):
        before = self.complaints()
        response = self.submit(self.valid_data())
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/sapa/pengaduan/terkirim"), response.url)
        complaint = self.complaints() - before
        self.assertEqual(len(complaint), 1)
        self.assertRecordValues(
            complaint,
            [
                {
                    "channel": "online",
                    "state": "new",
                    "reporter_relation": "neighbour",
                    "is_anonymous": False,
                    "reporter_name": "Siti Aminah",
                    "reporter_phone_e164": "+6281234567890",
                    "state_id": self.province.id,
                    "regency_id": self.regency.id,
                    "district_id": self.district.id,
                    "village_id": self.village.id,
                    "victim_age_band_id": self.adult_band.id,
                    "victim_sex": "female",
                    "in_danger": False,
                    "is_urgent": False,
                    "consent_contact": True,
                    "consent_data": True,
                    "partner_id": False,
                }
            ],
        )
        self.assertEqual(
            complaint.description,
            "The child next door is beaten by the father almost every night.",
        )
        self.assertEqual(str(complaint.incident_date), "2026-01-15")
        self.assertEqual(complaint.violence_type_ids, self.physical | self.psychological)
        self.assertTrue(complaint.sudo().tracking_hash)
        # The receipt shows the reference and a code that opens the status.
        self.assertIn(complaint.name, response.text)
        self.assertIn("/sapa/status?ref=", response.text)

    def test_receipt_shows_the_tracking_code_once_and_it_opens_the_status(self):
        # Post/Redirect/Get, to the receipt in the visitor's language.
        response = self.url_open(
            "/en/sapa/pengaduan",
            data=dict(self.valid_data(), csrf_token=self.csrf_token()),
            files={"attachment": ("", b"")},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(
            response.headers["Location"].endswith("/en/sapa/pengaduan/terkirim"),
            response.headers["Location"],
        )
        self.submit(self.valid_data())
        receipt = self.url_open("/en/sapa/pengaduan/terkirim")
        # The first display was the redirect target of the POST: gone now.
        self.assertNotIn("o_sapa_code", receipt.text)
        self.assertIn("shown only once", receipt.text)

        response = self.submit(self.valid_data(), url="/en/sapa/pengaduan")
        receipt = self.receipt(response)
        complaint = self.env["sapa.complaint"].search([("name", "=", receipt["reference"])])
        code = receipt["code"]
        self.assertEqual(
            self.env["sapa.complaint"]._find_by_tracking_code(complaint.name, code), complaint
        )
        self.assertIn(f"#kode={code}", response.text)
        self.assertNotIn(f"code={code}", response.url)

    def test_anonymous_report_keeps_no_name_but_a_number(self):
        complaint_before = self.complaints()
        self.submit(self.valid_data(is_anonymous="1", reporter_name="Should not be kept"))
        complaint = self.complaints() - complaint_before
        self.assertTrue(complaint.is_anonymous)
        self.assertFalse(complaint.reporter_name)
        self.assertEqual(complaint.reporter_phone_e164, "+6281234567890")

    def test_in_danger_yes_marks_the_complaint_urgent(self):
        before = self.complaints()
        self.submit(self.valid_data(in_danger="yes"))
        complaint = self.complaints() - before
        self.assertTrue(complaint.in_danger)
        self.assertTrue(complaint.is_urgent)

    def test_province_without_areas_needs_no_regency(self):
        papua = self.env.ref("base.state_id_pp")
        self.env["sapa.area"].search([("state_id", "=", papua.id)]).active = False
        before = self.complaints()
        self.submit(
            self.valid_data(
                state_id=str(papua.id), regency_id="", district_id="", village_id=""
            )
        )
        complaint = self.complaints() - before
        self.assertEqual(complaint.state_id, papua)
        self.assertFalse(complaint.regency_id)

    def test_new_online_complaint_notifies_the_admin_group(self):
        admin = create_role_user(self.env, "admin", "portal_test_front_desk")
        outsider = create_role_user(self.env, "internal", "portal_test_employee")
        before = self.complaints()
        self.submit(self.valid_data(in_danger="yes"))
        complaint = self.complaints() - before
        # After the reporter's response: the intake cron the submission triggered.
        self.run_intake()
        message = self.env["mail.message"].search(
            [("model", "=", "sapa.complaint"), ("res_id", "=", complaint.id),
             ("message_type", "=", "user_notification"),
             # (not the front desk's activity assignment)
             ("subject", "not ilike", "assigned to you")]
        )
        self.assertEqual(len(message), 1)
        self.assertIn(admin.partner_id, message.partner_ids)
        self.assertNotIn(outsider.partner_id, message.partner_ids)
        self.assertIn(complaint.name, message.subject)
        self.assertIn("URGENT", message.subject)
        self.assertNotIn("beaten", message.body)
        notified = self.env["mail.notification"].search([("mail_message_id", "=", message.id)])
        self.assertIn(admin.partner_id, notified.res_partner_id)
        # And the complaint waits in the Admin queue (new, online).
        queue = self.env["sapa.complaint"].with_user(admin).search(
            [("state", "=", "new"), ("channel", "=", "online")]
        )
        self.assertIn(complaint, queue)

    def test_portal_user_submission_is_linked_to_the_account(self):
        reporter = create_role_user(self.env, "portal", "portal_test_reporter")
        self.authenticate("portal_test_reporter", "portal_test_reporter")
        before = self.complaints()
        self.submit(self.valid_data())
        complaint = self.complaints() - before
        self.assertEqual(complaint.partner_id, reporter.partner_id)
        # Not made a follower: staff messages do not reach the reporter by e-mail.
        self.assertNotIn(reporter.partner_id, complaint.message_partner_ids)

    # ------------------------------------------------------------------
    # Invalid input: a message beside the field, what was typed kept, nothing created
    # ------------------------------------------------------------------
    def test_each_invalid_input_gives_its_message_and_creates_nothing(self):
        cases = [
            ({"reporter_relation": ""}, "reporter_relation", "Tell us who is reporting."),
            ({"reporter_relation": "boss"}, "reporter_relation", "Tell us who is reporting."),
            ({"reporter_name": ""}, "reporter_name",
             "Give your name, or choose to report anonymously."),
            ({"reporter_name": "x" * 101}, "reporter_name",
             "The name is too long (at most 100 characters)."),
            ({"reporter_phone": ""}, "reporter_phone",
             "Give a WhatsApp number so that SAPA can reach you."),
            ({"reporter_phone": "12345"}, "reporter_phone",
             "This is not a valid phone number. Example: 0812-3456-7890."),
            ({"description": "help"}, "description",
             "Tell us briefly what happened (at least 10 characters)."),
            ({"description": "x" * 10001}, "description",
             "The story is too long (at most 10000 characters). You can attach a document."),
            ({"incident_date": "15/01/2026"}, "incident_date",
             "Give the date as day, month and year."),
            ({"incident_date": "2999-01-01"}, "incident_date",
             "The date cannot be in the future."),
            ({"state_id": ""}, "state_id", "Choose the province."),
            ({"state_id": str(self.env.ref("base.state_us_1").id)}, "state_id",
             "Choose the province."),
            ({"regency_id": "", "district_id": "", "village_id": ""}, "regency_id",
             "Choose the kabupaten/kota."),
            ({"regency_id": str(self.other_regency.id)}, "regency_id",
             "Choose a kabupaten/kota of this province."),
            ({"regency_id": str(self.district.id)}, "regency_id",
             "Choose a kabupaten/kota of this province."),
            ({"district_id": str(self.other_district.id)}, "district_id",
             "Choose a kecamatan of this kabupaten/kota."),
            ({"district_id": "", "village_id": str(self.village.id)}, "district_id",
             "Choose the kecamatan first."),
            ({"village_id": str(self.other_village.id)}, "village_id",
             "Choose a desa/kelurahan of this kecamatan."),
            ({"village_id": "abc"}, "village_id", "Choose a desa/kelurahan of this kecamatan."),
            ({"violence_type_ids": [str(self.retired_type.id)]}, "violence_type_ids",
             "Choose the types of violence from the list."),
            ({"violence_type_ids": ["999999"]}, "violence_type_ids",
             "Choose the types of violence from the list."),
            ({"victim_age_band_id": "999999"}, "victim_age_band_id",
             "Choose the age group from the list."),
            ({"victim_sex": "x"}, "victim_sex", "Choose the sex from the list."),
            ({"consent_data": None}, "consent_data",
             "SAPA can only handle your report if you agree to the use of its data."),
        ]
        before = self.complaints()
        for overrides, field, message in cases:
            with self.subTest(field=field, overrides=str(overrides)[:60]):
                data = self.valid_data(
                    **{"description": "Typed story that must come back <b>unchanged</b>.",
                       **overrides}
                )
                response = self.submit(data)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self.field_errors(response), {field: message})
                self.assertIn("Some answers need your attention", self.form_error(response))
                if field != "description":
                    self.assertIn(
                        "Typed story that must come back &lt;b&gt;unchanged&lt;/b&gt;.",
                        response.text,
                    )
                if field != "reporter_phone":
                    self.assertIn('value="0812-3456-7890"', response.text)
        self.assertEqual(self.complaints(), before)

    def test_messages_are_in_indonesian_on_the_default_language(self):
        self.opener.cookies["frontend_lang"] = "id_ID"
        response = self.submit(self.valid_data(reporter_phone="12345"), url="/sapa/pengaduan")
        self.assertEqual(
            self.field_errors(response),
            {"reporter_phone": "Ini bukan nomor telepon yang valid. Contoh: 0812-3456-7890."},
        )

    def test_refreshing_the_area_lists_without_javascript_creates_nothing(self):
        before = self.complaints()
        response = self.submit(
            {"state_id": str(self.province.id), "regency_id": str(self.regency.id),
             "sapa_refresh_areas": "1", "description": "kept while choosing"}
        )
        self.assertEqual(self.complaints(), before)
        self.assertEqual(self.field_errors(response), {})
        self.assertIn(f'<option value="{self.district.id}">Kecamatan Uji</option>', response.text)
        self.assertNotIn("Kecamatan Lain", response.text)
        self.assertIn("kept while choosing", response.text)

    def test_area_lists_only_offer_children_of_the_chosen_parent(self):
        response = self.url_open(f"/sapa/wilayah?level=district&parent={self.regency.id}")
        self.assertEqual(response.json(), [{"id": self.district.id, "name": "Kecamatan Uji"}])
        response = self.url_open(f"/sapa/wilayah?level=regency&parent={self.other_province.id}")
        self.assertEqual(response.json(), [{"id": self.other_regency.id, "name": "Kabupaten Lain"}])
        for query in ("level=case&parent=1", "level=village&parent=x", "level=village"):
            self.assertEqual(self.url_open(f"/sapa/wilayah?{query}").json(), [])

    # ------------------------------------------------------------------
    # Evidence files
    # ------------------------------------------------------------------
    def test_accepted_files_become_private_attachments_of_the_complaint(self):
        before = self.complaints()
        files = [
            ("attachment", ("../../etc/surat dokter.pdf", PDF, "application/pdf")),
            ("attachment", ("foto.PNG", PNG, "image/png")),
        ]
        self.submit(self.valid_data(), files=files)
        complaint = self.complaints() - before
        attachments = complaint.attachment_ids
        self.assertEqual(
            sorted(attachments.mapped("name")), ["foto.png", "surat dokter.pdf"]
        )
        self.assertEqual(set(attachments.mapped("res_model")), {"sapa.complaint"})
        self.assertEqual(set(attachments.mapped("res_id")), {complaint.id})
        self.assertEqual(set(attachments.mapped("public")), {False})
        self.assertEqual(
            sorted(attachments.mapped("mimetype")), ["application/pdf", "image/png"]
        )
        self.assertEqual(attachments.filtered(lambda a: a.mimetype == "image/png").raw, PNG)

    def test_oversized_disguised_or_too_many_files_are_refused(self):
        exe = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
        page = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
        cases = [
            ([("besar.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * (10 * 1024 * 1024))],
             "besar.jpg is larger than 10 MB."),
            ([("surat.pdf", page)], "surat.pdf is not a photo"),
            ([("surat.pdf", exe)], "surat.pdf is not a photo"),
            ([("foto.pdf", PNG)], "foto.pdf is not a photo"),
            ([("kosong.png", b"")], "kosong.png is empty."),
            ([(f"foto{i}.png", PNG) for i in range(6)], "Attach at most 5 files."),
        ]
        before = self.complaints()
        attachments_before = self.env["ir.attachment"].search_count([])
        for uploads, message in cases:
            with self.subTest(message=message):
                files = [
                    ("attachment", (name, content, "application/pdf")) for name, content in uploads
                ]
                response = self.submit(self.valid_data(), files=files)
                errors = self.field_errors(response)
                self.assertEqual(list(errors), ["attachment"])
                self.assertIn(message, errors["attachment"])
                self.assertIn("Please choose your files again.", self.form_error(response))
        self.assertEqual(self.complaints(), before)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments_before)

    # ------------------------------------------------------------------
    # Abuse
    # ------------------------------------------------------------------
    def test_post_without_csrf_token_is_refused(self):
        before = self.complaints()
        self.csrf_token()  # a session exists: only the token is missing
        response = self.submit(self.valid_data(), token=False)
        self.assertEqual(response.status_code, 400)
        forged = self.submit(dict(self.valid_data(), csrf_token="0" * 40 + "o9999999999"),
                             token=False)
        self.assertEqual(forged.status_code, 400)
        self.assertEqual(self.complaints(), before)

    def test_filled_honeypot_is_stored_and_held_never_dropped(self):
        # A browser's autofill can fill the hidden field: the report is kept, the
        # reporter gets the receipt, the Admin reviews it.
        before = self.complaints()
        response = self.submit(self.valid_data(homepage="http://cheap-pills.example"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/sapa/pengaduan/terkirim"), response.url)
        complaint = self.complaints() - before
        self.assertEqual(len(complaint), 1)
        self.assertEqual(self.receipt(response)["reference"], complaint.name)
        self.assert_emergency_numbers(response)
        self.assertEqual(complaint.portal_hold_reason, "honeypot")
        self.assertIn("almost every night", complaint.description)
        self.assertNotIn("cheap-pills", str(complaint.read()))

    def test_submissions_over_the_limit_per_ip_are_stored_and_held(self):
        self.set_param("sapa_portal.rate_limit", 2)
        before = self.complaints()
        for _i in range(2):
            response = self.submit(self.valid_data())
            self.assertTrue(response.url.endswith("/terkirim"))
        self.assertEqual(len(self.complaints() - before), 2)
        self.assertFalse(any((self.complaints() - before).mapped("portal_hold_reason")))
        over = self.submit(self.valid_data())
        # Never refused: the receipt and the emergency numbers, like any report.
        self.assertTrue(over.url.endswith("/terkirim"), over.url)
        self.assertTrue(self.receipt(over)["code"])
        self.assert_emergency_numbers(over)
        held = self.complaints() - before
        self.assertEqual(len(held), 3)
        held = held.filtered("portal_hold_reason")
        self.assertEqual(held.portal_hold_reason, "flood")
        self.assertIn("Report 3 from the same network within 10 minutes", held.portal_hold_detail)
        self.assertEqual(held.name, self.receipt(over)["reference"])
        # Invalid submissions do not use the allowance up (a victim may retry).
        # (The held one counted: 3 hits so far.)
        self.set_param("sapa_portal.rate_limit", 4)
        self.submit(self.valid_data(reporter_phone="1"))
        self.submit(self.valid_data(reporter_phone="2"))
        self.submit(self.valid_data())
        self.assertEqual(len(self.complaints() - before), 4)
        self.assertEqual(len((self.complaints() - before).filtered("portal_hold_reason")), 1)
