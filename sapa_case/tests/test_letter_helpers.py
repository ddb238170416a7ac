from datetime import date, datetime

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from ..utils.date_id import format_date_id, format_datetime_id, to_roman


@tagged("post_install", "-at_install")
class TestIndonesianDates(TransactionCase):
    def test_format_date_id_writes_indonesian_month_names(self):
        months = [format_date_id(date(2026, month, 1)).split(" ")[1] for month in range(1, 13)]
        self.assertEqual(months, [
            "Januari", "Februari", "Maret", "April", "Mei", "Juni",
            "Juli", "Agustus", "September", "Oktober", "November", "Desember",
        ])
        self.assertEqual(format_date_id(date(2026, 11, 29)), "29 November 2026")
        self.assertEqual(format_date_id(date(2027, 1, 5)), "5 Januari 2027")
        self.assertEqual(format_date_id(datetime(2026, 8, 17, 23, 59)), "17 Agustus 2026")
        self.assertEqual(format_date_id("2026-03-09"), "9 Maret 2026")
        self.assertEqual(format_date_id(False), "")

    def test_datetime_written_in_local_time_with_zone(self):
        self.assertEqual(
            format_datetime_id(datetime(2026, 11, 29, 14, 5), "Asia/Jakarta"),
            "29 November 2026 pukul 14.05 WIB",
        )
        self.assertEqual(
            format_datetime_id(datetime(2026, 11, 29, 9, 0), "Asia/Makassar"),
            "29 November 2026 pukul 09.00 WITA",
        )
        self.assertEqual(
            format_datetime_id(datetime(2026, 11, 29, 9, 0), "Europe/Paris"),
            "29 November 2026 pukul 09.00 +0100",
        )

    def test_to_roman_writes_the_twelve_months(self):
        self.assertEqual(
            [to_roman(month) for month in range(1, 13)],
            ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"],
        )
        self.assertEqual(to_roman(2026), "MMXXVI")
        for wrong in (0, -1, 4000, "11", True, 1.5):
            with self.assertRaises(ValueError, msg=repr(wrong)):
                to_roman(wrong)


@tagged("post_install", "-at_install")
class TestSignatory(TransactionCase):
    def test_nip_must_be_exactly_18_digits(self):
        user = self.env["res.users"].create({"name": "Pejabat", "login": "letter_nip_user"})
        user.sapa_nip = "198001012005011001"
        self.assertEqual(user.sapa_nip, "198001012005011001")
        for wrong in ("1980", "19800101 200501 1 001", "19800101200501100A", "1" * 19):
            with self.assertRaises(ValidationError, msg=wrong), self.cr.savepoint():
                user.sapa_nip = wrong
                user.flush_recordset()
