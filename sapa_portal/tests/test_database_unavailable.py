# pylint: disable=unsubscriptable-object
# (pylint reads odoo.tests.BaseCase.env as None, so every cls.env[...] would be flagged.)
"""The database fails during a request (a PostgreSQL restart, a lost
connection): the visitor gets SAPA's page, not Odoo's bare error page."""

from unittest.mock import patch

import psycopg2
from lxml import html

from odoo import sql_db
from odoo.tests import tagged

from .common import CSRF_RE, SapaPortalCase

LOST = "server closed the connection unexpectedly"
ID_HEADERS = (("Accept-Language", "id-ID,id;q=0.9"),)


def failing_commit(cursor):
    """What a commit on a connection that just died does: nothing is stored."""
    cursor.rollback()
    raise psycopg2.OperationalError(LOST)


@tagged("post_install", "-at_install")
class TestDatabaseUnavailable(SapaPortalCase):
    def post_form(self, url="/sapa/pengaduan", headers=ID_HEADERS, **overrides):
        headers = dict(headers or ())
        page = self.url_open(url, headers=headers)
        data = dict(self.valid_data(**overrides), csrf_token=CSRF_RE.search(page.text).group(1))
        return data, lambda: self.url_open(
            url, data=data, files={"attachment": ("", b"")}, headers=headers
        )

    def assert_try_again_page(self, response):
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.headers.get("Retry-After"), "10")
        self.assertEqual(response.headers.get("X-Frame-Options"), "DENY")
        self.assertEqual(response.headers.get("Cache-Control"), "no-store")
        for number in ('href="tel:129"', "08111-129-129", 'href="tel:112"', 'href="tel:110"'):
            self.assertIn(number, response.text)
        self.assertNotIn("Internal Server Error", response.text)
        # Nothing asked to another host, nothing from the (failing) database.
        self.assertNotIn("<script", response.text)
        self.assertNotIn('<link rel="stylesheet"', response.text)

    def test_failed_commit_says_not_sent_yet_and_keeps_the_answers(self):
        before = self.complaints()
        data, send = self.post_form(description="Ayah memukul anak tetangga setiap malam.")
        with patch.object(sql_db.TestCursor, "commit", failing_commit), \
                self.assertLogs(level="WARNING"):
            response = send()
        self.assert_try_again_page(response)
        self.assertIn("Laporan Anda belum terkirim", response.text)
        self.assertIn("Kirim ulang laporan saya", response.text)
        self.assertEqual(self.complaints(), before)
        # The answers are in the page, ready to be sent again as they were.
        doc = html.fromstring(response.content)
        form = doc.xpath("//form")[0]
        self.assertEqual(form.get("action"), "/sapa/pengaduan")
        posted = {node.get("name"): node.get("value") for node in form.xpath(".//input")}
        posted["description"] = form.xpath(".//textarea")[0].text
        self.assertEqual(posted["csrf_token"], data["csrf_token"])
        self.assertEqual(posted["description"], "Ayah memukul anak tetangga setiap malam.")
        self.assertEqual(posted["reporter_phone"], "0812-3456-7890")
        self.assertEqual(posted["village_id"], str(self.village.id))

        # The database is back: "Send again" stores the report, with every answer.
        again = self.url_open(
            "/sapa/pengaduan",
            data=[(node.get("name"), node.get("value")) for node in form.xpath(".//input")]
            + [("description", posted["description"])],
            files={"attachment": ("", b"")},
            headers=dict(ID_HEADERS),
        )
        self.assertTrue(again.url.endswith("/sapa/pengaduan/terkirim"), again.url)
        complaint = self.complaints() - before
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.village_id, self.village)
        self.assertEqual(complaint.violence_type_ids, self.physical | self.psychological)
        self.assertEqual(complaint.description, "Ayah memukul anak tetangga setiap malam.")

    def test_database_refusing_connections_before_any_addon_code_runs(self):
        # PostgreSQL restarting: opening the request's cursor fails. Odoo would
        # fall back to its database-less routing and answer a bare "Not Found".
        before = self.complaints()
        data, send = self.post_form()
        Registry = type(self.registry)
        refused = psycopg2.OperationalError("connection refused: the database system is "
                                            "starting up")
        with patch.object(Registry, "cursor", side_effect=refused), \
                self.assertLogs(level="WARNING"):
            response = send()
        self.assert_try_again_page(response)
        self.assertIn("Laporan Anda belum terkirim", response.text)
        self.assertIn(data["csrf_token"], response.text)
        self.assertIn("almost every night", response.text)
        self.assertEqual(self.complaints(), before)
        # Other paths keep Odoo's own answer.
        with patch.object(Registry, "cursor", side_effect=refused), \
                self.assertLogs(level="WARNING"):
            other = self.url_open("/web/login", allow_redirects=False)
        self.assertNotEqual(other.status_code, 503)

    def test_new_visitor_while_postgresql_cannot_list_its_databases(self):
        # No session yet, so Odoo asks PostgreSQL which database to use: none.
        self.fresh_visitor()
        with patch("odoo.http.db_list", return_value=[]), self.assertLogs(level="WARNING"):
            response = self.url_open("/sapa/pengaduan", headers=dict(ID_HEADERS))
        self.assert_try_again_page(response)
        self.assertIn("SAPA sedang tidak dapat diakses sebentar", response.text)

    def test_connection_lost_during_the_request(self):
        before = self.complaints()
        _data, send = self.post_form(url="/en/sapa/pengaduan", headers=None)
        RateLimit = self.registry["sapa.portal.rate.limit"]
        with patch.object(RateLimit, "_hit", side_effect=psycopg2.OperationalError(LOST)), \
                self.assertLogs(level="WARNING"):
            response = send()
        self.assert_try_again_page(response)
        self.assertIn("Your report has not been sent yet", response.text)
        self.assertEqual(self.complaints(), before)

    def test_status_page_while_the_database_is_down(self):
        Complaint = self.registry["sapa.complaint"]
        page = self.url_open("/sapa/status", headers=dict(ID_HEADERS))
        token = CSRF_RE.search(page.text).group(1)
        with patch.object(Complaint, "_find_by_tracking_code",
                          side_effect=psycopg2.InterfaceError("connection already closed")), \
                self.assertLogs(level="WARNING"):
            response = self.url_open(
                "/sapa/status",
                data={"csrf_token": token, "reference": "ADU/1", "code": "x"},
                headers=dict(ID_HEADERS),
            )
        self.assert_try_again_page(response)
        self.assertIn("SAPA sedang tidak dapat diakses sebentar", response.text)

    def test_other_errors_are_not_disguised(self):
        # A programming error is no database outage: Odoo's own error handling.
        RateLimit = self.registry["sapa.portal.rate.limit"]
        _data, send = self.post_form(url="/en/sapa/pengaduan", headers=None)
        with patch.object(RateLimit, "_hit", side_effect=ZeroDivisionError), \
                self.assertLogs(level="ERROR"):
            response = send()
        self.assertEqual(response.status_code, 500)
        self.assertNotIn("has not been sent yet", response.text)
