"""Public secrets (a complaint's tracking code, a provider's link token): made
at random, kept only as a hash, compared in constant time.

    code = new_secret(12)                  # give it to its holder, once
    record.sudo().hash_field = hash_secret(code)
    secret_matches(candidate, record_sudo.hash_field)

A code people read aloud and type (the complaint's tracking code) is a human
code instead: Crockford base32 (no 0/O, 1/I/L or U to confuse), shown in groups
of four, accepted in any case, with spaces or dashes:

    code = new_human_code()                # "7KQ49MXTC2RFH8WD" (80 bits)
    shown = format_human_code(code)        # "7KQ4-9MXT-C2RF-H8WD"
    record.sudo().hash_field = hash_secret(code)
    human_code_matches(" 7kq4 9mxt-c2rf-h8wd", record_sudo.hash_field)

Nobody, staff included, can rebuild a secret from the database, and the time
a comparison takes tells nothing about the stored hash."""

import hashlib
import hmac
import secrets

# Crockford's base32: digits and letters without I, L, O and U.
HUMAN_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# 16 symbols of 5 bits: 80 bits, as many as a 10-byte random secret.
HUMAN_CODE_SYMBOLS = 16
HUMAN_CODE_GROUP = 4
# What people mistype for a symbol (Crockford's decoding rules).
_HUMAN_CODE_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1"})
# Separators people type or paste between the groups.
_HUMAN_CODE_SEPARATORS = str.maketrans("", "", " -\t\u00a0\u2010\u2011\u2012\u2013\u2014")

# What hash_secret() gives (SHA-256, hexadecimal).
HASH_LENGTH = 64
# Compared in place of a missing hash, so that "no such record" and "wrong
# secret" take the same time.
_NO_HASH = "0" * HASH_LENGTH


def new_secret(nbytes):
    """A new random secret of ``nbytes`` bytes, URL-safe text (about 1.3 characters
    a byte)."""
    return secrets.token_urlsafe(nbytes)


def hash_secret(secret):
    """The hash kept in place of ``secret`` (a str)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def is_candidate(value, max_length):
    """Whether ``value`` may be a secret at all: a non-empty str of at most
    ``max_length`` characters (anything else is refused without hashing)."""
    return isinstance(value, str) and 0 < len(value) <= max_length


def secret_matches(candidate, stored_hash):
    """Whether ``candidate`` is the secret whose hash is ``stored_hash``, compared
    in constant time. An empty ``stored_hash`` never matches, in the same time."""
    matches = hmac.compare_digest(stored_hash or _NO_HASH, hash_secret(candidate))
    return matches and bool(stored_hash)


def new_human_code(nsymbols=HUMAN_CODE_SYMBOLS):
    """A new random human code of ``nsymbols`` Crockford base32 symbols (5 bits
    each), in its canonical form (upper case, no separator): what is hashed."""
    return "".join(secrets.choice(HUMAN_CODE_ALPHABET) for _i in range(nsymbols))


def format_human_code(code, group=HUMAN_CODE_GROUP):
    """``code`` as shown to its holder: groups of ``group`` symbols joined by dashes
    (``7KQ4-9MXT-C2RF-H8WD``), easier to read aloud and to copy by hand."""
    return "-".join(code[i : i + group] for i in range(0, len(code), group))


def normalize_human_code(value):
    """The canonical form of a human code as typed (any case, spaces and dashes,
    O for 0, I or L for 1), or "" if it cannot be one."""
    if not isinstance(value, str):
        return ""
    code = value.translate(_HUMAN_CODE_SEPARATORS).upper().translate(_HUMAN_CODE_ALIASES)
    if not code or any(symbol not in HUMAN_CODE_ALPHABET for symbol in code):
        return ""
    return code


def human_code_matches(candidate, stored_hash):
    """Whether ``candidate`` is the human code whose hash is ``stored_hash``, as
    typed in any form ``normalize_human_code`` accepts; or, for a code issued
    before human codes (URL-safe text, case-sensitive), exactly as issued (only
    the surrounding blanks ignored). Both comparisons are always made, so the
    time taken tells nothing about which form matched."""
    normalized = normalize_human_code(candidate)
    as_human = secret_matches(normalized, stored_hash)
    as_issued = secret_matches(candidate.strip() if isinstance(candidate, str) else "", stored_hash)
    return bool(normalized) and as_human or as_issued
