from odoo.tests import TransactionCase, tagged

from ..utils.secret import HASH_LENGTH, hash_secret, is_candidate, new_secret, secret_matches


@tagged("post_install", "-at_install")
class TestSecret(TransactionCase):
    """The one helper behind the complaint's tracking code and the provider's
    link token (sapa_referral)."""

    def test_new_secrets_are_random_url_safe_text(self):
        codes = {new_secret(12) for _i in range(50)}
        self.assertEqual(len(codes), 50)
        for code in codes:
            self.assertRegex(code, r"^[A-Za-z0-9_-]{16}$")
        self.assertEqual(len(new_secret(32)), 43)

    def test_only_the_hash_is_kept_and_it_does_not_contain_the_secret(self):
        code = new_secret(12)
        stored = hash_secret(code)
        self.assertEqual(len(stored), HASH_LENGTH)
        self.assertNotIn(code, stored)
        self.assertEqual(hash_secret(code), stored, "the same secret, the same hash")

    def test_a_secret_matches_its_hash_only(self):
        code = new_secret(12)
        stored = hash_secret(code)
        self.assertTrue(secret_matches(code, stored))
        for wrong in (code[:-1], code + "x", code.swapcase(), new_secret(12), ""):
            self.assertFalse(secret_matches(wrong, stored), wrong)

    def test_a_missing_hash_never_matches(self):
        for stored in ("", False, None):
            self.assertFalse(secret_matches(new_secret(12), stored))
        # Not even the hash of the placeholder compared in its place.
        self.assertFalse(secret_matches("", False))

    def test_candidates_are_non_empty_text_within_the_length(self):
        self.assertTrue(is_candidate("abc", 64))
        self.assertTrue(is_candidate("x" * 64, 64))
        for value in ("", "x" * 65, None, False, 12345, b"bytes", ["list"]):
            self.assertFalse(is_candidate(value, 64), repr(value))
