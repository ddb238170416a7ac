from werkzeug.wrappers import Response

from odoo.tests import BaseCase, tagged

from ..utils.parsing import PG_INT_MAX, is_readable_text, to_id, to_ids, to_int
from ..utils.public_http import secure_public_response


@tagged("post_install", "-at_install")
class TestParsing(BaseCase):
    def test_ids_are_ascii_digits_within_postgresql_integer(self):
        for value, expected in (
            ("12", 12), (" 12 ", 12), (12, 12), (str(PG_INT_MAX), PG_INT_MAX),
            (str(PG_INT_MAX + 1), None), ("99999999999999999999", None), ("9" * 40, None),
            ("0", None), ("-1", None), ("1.5", None), ("1e3", None), ("1_000", None),
            ("+7", None), ("١٢", None), ("12\x00", None), ("", None), (None, None),
            (True, None), ([1], None), ("0x1f", None),
        ):
            with self.subTest(value=value):
                self.assertEqual(to_id(value), expected)

    def test_bounded_integers_fall_back_to_the_default(self):
        self.assertEqual(to_int("5", 7, minimum=0, maximum=10), 5)
        self.assertEqual(to_int("-5", 7, minimum=0), 7)
        self.assertEqual(to_int("11", 7, maximum=10), 7)
        self.assertEqual(to_int("abc", 7), 7)
        self.assertEqual(to_int("-3"), -3)

    def test_a_list_with_one_bad_id_is_a_bad_list(self):
        self.assertEqual(to_ids(["3", "1", "3"]), [3, 1])
        self.assertIsNone(to_ids(["3", "x"]))
        self.assertIsNone(to_ids([str(i) for i in range(1, 102)]))
        self.assertIsNone(to_ids("3"))
        self.assertEqual(to_ids([]), [])

    def test_readable_text(self):
        self.assertTrue(is_readable_text("Ibu Ratna, 0812-3456-7890"))
        self.assertTrue(is_readable_text("Baris satu\nbaris dua\ttab", multiline=True))
        self.assertFalse(is_readable_text("Baris satu\nbaris dua"))
        for text in ("a\x00b", "a\x07", "a\x1b[2J", "a\ufffdb", "a\x7f", None, b"bytes"):
            with self.subTest(text=text):
                self.assertFalse(is_readable_text(text, multiline=True))


@tagged("post_install", "-at_install")
class TestPublicHeaders(BaseCase):
    def test_headers_of_a_private_and_of_an_indexable_page(self):
        private = secure_public_response(Response("x"))
        self.assertEqual(private.headers["X-Frame-Options"], "DENY")
        self.assertEqual(private.headers["Content-Security-Policy"], "frame-ancestors 'none'")
        self.assertEqual(private.headers["X-Content-Type-Options"], "nosniff")
        self.assertEqual(private.headers["Referrer-Policy"], "no-referrer")
        self.assertEqual(private.headers["Cache-Control"], "no-store")
        self.assertEqual(private.headers["X-Robots-Tag"], "noindex, nofollow")
        public = secure_public_response(Response("x"), index=True, store=True)
        self.assertNotIn("X-Robots-Tag", public.headers)
        self.assertNotIn("Cache-Control", public.headers)
        self.assertEqual(public.headers["X-Frame-Options"], "DENY")

    def test_an_existing_content_security_policy_is_kept(self):
        response = Response("x", headers={"Content-Security-Policy": "default-src 'none';"})
        secure_public_response(response)
        self.assertEqual(
            response.headers["Content-Security-Policy"],
            "default-src 'none'; frame-ancestors 'none'",
        )
