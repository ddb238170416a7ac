import secrets
import threading
import time
from datetime import date

import psycopg2.errors

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

SEEDED_TYPES = ("receipt", "assignment", "outreach_report", "final_report")


@tagged("post_install", "-at_install")
class TestLetterNumbering(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))  # messages asserted
        cls.report = cls.env.ref("sapa_case.action_report_sapa_complaint_receipt")

    def _new_type(self, env=None, **vals):
        """A letter type with its own new sequence. Its unit code is unique: types
        printing the same codes must share a sequence (see the last test)."""
        env = env or self.env
        return env["sapa.letter.type"].create({
            "name": "Surat Uji",
            "code": f"test_{secrets.token_hex(4)}",
            "classification_code": "400.2.7",
            "unit_code": f"UJI{secrets.token_hex(2).upper()}",
            "report_id": self.report.id,
            **vals,
        })

    def test_number_follows_the_government_format(self):
        letter_type = self._new_type(unit_code="DP3A", classification_code="400.2.7.1")
        self.assertEqual(
            letter_type._next_number(date(2026, 11, 29)), "400.2.7.1/0001/DP3A/XI/2026"
        )
        self.assertEqual(
            letter_type._next_number(date(2026, 11, 30)), "400.2.7.1/0002/DP3A/XI/2026"
        )
        self.assertEqual(
            letter_type._next_number(date(2026, 4, 2)), "400.2.7.1/0003/DP3A/IV/2026"
        )
        letter_type.write({
            "classification_code": "460",
            "unit_code": "UPTD-PPA",
            "number_format": "{unit}-{number:03d}/{classification}/{month:02d}.{year}",
        })
        self.assertEqual(letter_type._next_number(date(2026, 1, 7)), "UPTD-PPA-004/460/01.2026")

    def test_number_format_is_validated(self):
        letter_type = self._new_type()
        for wrong in (
            "{classification.__class__}/{number}",  # no attribute access
            "{number}/{secret}",                   # unknown placeholder
            "{number!r}",                          # no conversion
            "{classification}/{unit}",             # no running number
            "{number:04x}{",                       # broken pattern
        ):
            with self.assertRaises(ValidationError, msg=wrong), self.cr.savepoint():
                letter_type.number_format = wrong
                letter_type.flush_recordset()

    def test_numbering_restarts_every_year_with_one_date_range_per_year(self):
        letter_type = self._new_type()
        unit = letter_type.unit_code

        def number(day):
            return letter_type._next_number(day).replace(f"/{unit}/", "/UJI/")

        self.assertEqual(number(date(2026, 12, 30)), "400.2.7/0001/UJI/XII/2026")
        self.assertEqual(number(date(2026, 12, 31)), "400.2.7/0002/UJI/XII/2026")
        self.assertEqual(number(date(2027, 1, 1)), "400.2.7/0001/UJI/I/2027")
        self.assertEqual(number(date(2027, 1, 2)), "400.2.7/0002/UJI/I/2027")
        # a letter dated in the old year continues the old year's numbers
        self.assertEqual(number(date(2026, 12, 31)), "400.2.7/0003/UJI/XII/2026")
        ranges = letter_type.sequence_id.date_range_ids.sorted("date_from")
        self.assertEqual(
            [(r.date_from, r.date_to) for r in ranges],
            [(date(2026, 1, 1), date(2026, 12, 31)), (date(2027, 1, 1), date(2027, 12, 31))],
        )

    def test_types_printing_the_same_codes_must_share_their_sequence(self):
        letter_type = self._new_type()
        with self.assertRaisesRegex(ValidationError, "share one numbering sequence"), \
                self.cr.savepoint():
            self._new_type(unit_code=letter_type.unit_code)
        twin = self._new_type(
            unit_code=letter_type.unit_code, sequence_id=letter_type.sequence_id.id
        )
        day = date(2026, 11, 29)
        numbers = {
            letter_type._next_number(day), twin._next_number(day), letter_type._next_number(day)
        }
        self.assertEqual(len(numbers), 3)
        seeded = self.env["sapa.letter.type"].search([("code", "in", SEEDED_TYPES)])
        self.assertEqual(len(seeded), 4)
        self.assertEqual(seeded.sequence_id, self.env.ref("sapa_case.sapa_letter_sequence"))

    def test_letter_types_use_standard_yearly_sequences_and_numbers_never_repeat(self):
        for code in SEEDED_TYPES:
            sequence = self.env["sapa.letter.type"]._get_by_code(code).sequence_id
            self.assertEqual(sequence.implementation, "standard", code)
            self.assertTrue(sequence.use_date_range, code)
        letter_type = self.env["sapa.letter.type"]._get_by_code("assignment")
        numbers = [letter_type._next_number(date(2026, 11, 29)) for _i in range(300)]
        self.assertEqual(len(set(numbers)), 300)
        running = [int(number.split("/")[1]) for number in numbers]
        self.assertEqual(running, sorted(running))

    # Concurrency: real, separate transactions (committed set-up, cleaned up).
    def _committed_type(self):
        with self.registry.cursor() as cr:
            letter_type = self._new_type(api.Environment(cr, SUPERUSER_ID, {}))
            type_id, unit = letter_type.id, letter_type.unit_code
        self.addCleanup(self._drop_committed_type, type_id)
        return type_id, unit

    def _drop_committed_type(self, type_id):
        with self.registry.cursor() as cr:
            letter_type = api.Environment(cr, SUPERUSER_ID, {})["sapa.letter.type"].browse(type_id)
            sequence = letter_type.sequence_id
            letter_type.unlink()
            sequence.date_range_ids.unlink()
            sequence.unlink()

    def test_two_open_transactions_draw_different_numbers(self):
        type_id, unit = self._committed_type()
        day = date(2026, 6, 15)
        with self.registry.cursor() as cr:  # the year's range exists before the race
            letter_type = api.Environment(cr, SUPERUSER_ID, {})["sapa.letter.type"]
            letter_type.browse(type_id)._next_number(day)
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            type_a = api.Environment(cr_a, SUPERUSER_ID, {})["sapa.letter.type"].browse(type_id)
            type_b = api.Environment(cr_b, SUPERUSER_ID, {})["sapa.letter.type"].browse(type_id)
            # interleaved, both transactions open and uncommitted
            numbers = [type_a._next_number(day), type_b._next_number(day),
                       type_a._next_number(day), type_b._next_number(day)]
            cr_a.rollback()
            cr_b.rollback()
        self.assertEqual(numbers, [f"400.2.7/{n:04d}/{unit}/VI/2026" for n in (2, 3, 4, 5)])
        # numbers of rolled-back transactions are never handed out again
        with self.registry.cursor() as cr:
            again = api.Environment(cr, SUPERUSER_ID, {})["sapa.letter.type"].browse(
                type_id
            )._next_number(day)
        self.assertEqual(again, f"400.2.7/0006/{unit}/VI/2026")

    def test_first_letters_of_a_new_year_in_two_transactions_end_in_a_retry_not_an_error(self):
        type_id, unit = self._committed_type()
        day = date(2031, 1, 2)  # no range for 2031 yet: both transactions want to create it
        outcome = {}

        def draw_in_second_transaction():
            with self.registry.cursor() as cr_b:
                letter_type = api.Environment(cr_b, SUPERUSER_ID, {})["sapa.letter.type"]
                letter_type = letter_type.browse(type_id)
                letter_type.name  # noqa: B018 - the transaction's snapshot starts here
                outcome["started"] = True
                try:
                    outcome["number"] = letter_type._next_number(day)
                except psycopg2.errors.SerializationFailure:
                    outcome["error"] = "serialization"
                    cr_b.rollback()
                except psycopg2.errors.UniqueViolation:  # the date range's constraint
                    outcome["error"] = "unique violation"
                    cr_b.rollback()

        with mute_logger("odoo.sql_db"):
            with self.registry.cursor() as cr_a:
                type_a = api.Environment(cr_a, SUPERUSER_ID, {})["sapa.letter.type"].browse(type_id)
                first = type_a._next_number(day)
                second = threading.Thread(target=draw_in_second_transaction)
                second.start()
                self._wait_until_a_backend_waits_for_a_lock()
                # leaving the block commits the first transaction
            second.join(timeout=60)
        self.assertFalse(second.is_alive())
        self.assertEqual(first, f"400.2.7/0001/{unit}/I/2031")
        # The second transaction got no number: it failed with a serialization
        # error, which Odoo answers by retrying the request (a unique violation
        # would be an error shown to the user)...
        self.assertEqual(outcome, {"started": True, "error": "serialization"})
        # ... and the retry continues the year's numbering.
        with self.registry.cursor() as cr:
            retry = api.Environment(cr, SUPERUSER_ID, {})["sapa.letter.type"].browse(
                type_id
            )._next_number(day)
        self.assertEqual(retry, f"400.2.7/0002/{unit}/I/2031")

    def _wait_until_a_backend_waits_for_a_lock(self):
        with self.registry.cursor() as cr:
            for _attempt in range(300):
                cr.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                if cr.fetchone()[0]:
                    return
                cr.rollback()
                time.sleep(0.1)
        self.fail("the second transaction never waited for the first one")
