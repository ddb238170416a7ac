"""Public secrets (a complaint's tracking code, a provider's link token): made
at random, kept only as a hash, compared in constant time.

    code = new_secret(12)                  # give it to its holder, once
    record.sudo().hash_field = hash_secret(code)
    secret_matches(candidate, record_sudo.hash_field)

Nobody, staff included, can rebuild a secret from the database, and the time
a comparison takes tells nothing about the stored hash."""

import hashlib
import hmac
import secrets

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
