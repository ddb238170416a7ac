from odoo.tests import TransactionCase, tagged

from ..utils.secret import (
    HASH_LENGTH,
    HUMAN_CODE_ALPHABET,
    format_human_code,
    hash_secret,
    human_code_matches,
    is_candidate,
    new_human_code,
    new_secret,
    normalize_human_code,
    secret_matches,
)


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

    def test_human_codes_are_80_random_bits_without_ambiguous_symbols(self):
        self.assertEqual(len(HUMAN_CODE_ALPHABET), 32, "5 bits a symbol")
        for ambiguous in "ILOU":
            self.assertNotIn(ambiguous, HUMAN_CODE_ALPHABET)
        codes = {new_human_code() for _i in range(200)}
        self.assertEqual(len(codes), 200)
        for code in codes:
            # 16 symbols of 5 bits: 80 bits.
            self.assertRegex(code, r"^[0-9A-HJKMNP-TV-Z]{16}$")
        # Every symbol is drawn: over 200 codes (3,200 symbols) all 32 appear.
        self.assertEqual(set("".join(codes)), set(HUMAN_CODE_ALPHABET))

    def test_human_codes_are_shown_in_groups_of_four(self):
        self.assertEqual(format_human_code("7KQ49MXTC2RFH8WD"), "7KQ4-9MXT-C2RF-H8WD")
        self.assertRegex(format_human_code(new_human_code()), r"^(\w{4}-){3}\w{4}$")

    def test_human_codes_are_read_as_people_type_them(self):
        for typed in ("7KQ4-9MXT-C2RF-H8WD", "7kq4-9mxt-c2rf-h8wd", " 7KQ4 9MXT C2RF H8WD ",
                      "7kq49mxtc2rfh8wd", "7KQ4\u20139MXT\u00a0C2RF-H8WD"):
            self.assertEqual(normalize_human_code(typed), "7KQ49MXTC2RFH8WD", repr(typed))
        # O is read as zero, I and L as one (Crockford's rules).
        self.assertEqual(normalize_human_code("o1il-LOo0"), "01111000")
        for not_a_code in ("", " - ", "7KQ4_9MXT", "ÄBC", "U" * 16, None, 12, b"7KQ4"):
            self.assertEqual(normalize_human_code(not_a_code), "", repr(not_a_code))

    def test_a_human_code_matches_its_hash_in_any_typed_form_only(self):
        code = new_human_code()
        stored = hash_secret(code)
        shown = format_human_code(code)
        for typed in (code, shown, shown.lower(), shown.replace("-", " "), f"  {code.lower()} "):
            self.assertTrue(human_code_matches(typed, stored), typed)
        other = new_human_code()
        for wrong in (code[:-1], code + "X", other, format_human_code(other), "", None, 42):
            self.assertFalse(human_code_matches(wrong, stored), repr(wrong))
        self.assertFalse(human_code_matches(code, ""))

    def test_codes_issued_before_human_codes_keep_matching_exactly(self):
        # The former tracking codes: 16 URL-safe characters, case-sensitive.
        old = "_ToS4RrcS_NrWuQH"
        stored = hash_secret(old)
        self.assertTrue(human_code_matches(old, stored))
        self.assertTrue(human_code_matches(f" {old}\n", stored), "blanks around are ignored")
        for wrong in (old.swapcase(), old.lower(), old.upper(), old.replace("_", "-"), old[1:]):
            self.assertFalse(human_code_matches(wrong, stored), wrong)
        # An old code of letters and digits only is still case-sensitive.
        old_alnum = "aB3dE5gH7jK9mN1p"
        self.assertTrue(human_code_matches(old_alnum, hash_secret(old_alnum)))
        self.assertFalse(human_code_matches(old_alnum.upper(), hash_secret(old_alnum)))
