"""Evidence files from the public form: which kinds are accepted, recognised by
their content (magic bytes), never by the name or the browser's content type alone.

A file is accepted when its first bytes are those of an accepted kind *and* its
extension belongs to that kind: a web page or a program renamed ``.pdf`` is
refused, and so is a real PNG named ``.pdf`` (staff would open it with the wrong
program).
"""

import os
import re
import unicodedata

MAX_FILES = 5
MAX_FILE_SIZE = 10 * 1024 * 1024  # bytes, per file

# kind: (mimetype stored on the attachment, extensions allowed for it)
KINDS = {
    "jpeg": ("image/jpeg", ("jpg", "jpeg")),
    "png": ("image/png", ("png",)),
    "pdf": ("application/pdf", ("pdf",)),
    "mp4": ("video/mp4", ("mp4",)),
    "m4a": ("audio/mp4", ("m4a",)),
    "mp3": ("audio/mpeg", ("mp3",)),
    "ogg": ("audio/ogg", ("ogg", "oga", "opus")),
}

ACCEPT_ATTRIBUTE = ",".join(
    [f".{ext}" for _mimetype, exts in KINDS.values() for ext in exts]
    + sorted({mimetype for mimetype, _exts in KINDS.values()})
)

# ISO base media (MP4) brands that are audio-only.
_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P "}


def _is_mp3(head):
    if head.startswith(b"ID3"):
        return True
    # MPEG audio frame header: 11 sync bits, a known version, a known layer.
    if len(head) < 2 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version = (head[1] >> 3) & 0x03
    layer = (head[1] >> 1) & 0x03
    return version != 0x01 and layer != 0x00


def sniff(head):
    """Return the kind (a key of ``KINDS``) that ``head`` (the first bytes of a
    file, at least 16 of them when the file is that long) starts with, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"OggS"):
        return "ogg"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "m4a" if head[8:12] in _AUDIO_BRANDS else "mp4"
    if _is_mp3(head):
        return "mp3"
    return None


def extension(filename):
    return os.path.splitext(filename or "")[1].lower().lstrip(".")


def check(filename, head):
    """Return the kind of an uploaded file if its content and its extension agree
    on an accepted kind, else None. An MP4 container may carry sound only, so
    ``.m4a`` and ``.mp4`` are accepted for both brands."""
    ext = extension(filename)
    kind = sniff(head)
    if kind is None:
        return None
    if kind in ("mp4", "m4a"):
        return "m4a" if ext == "m4a" else ("mp4" if ext == "mp4" else None)
    return kind if ext in KINDS[kind][1] else None


def clean_filename(filename, kind):
    """A safe attachment name: no path, no control characters, bounded length,
    and the extension of the detected kind."""
    name = os.path.basename((filename or "").replace("\\", "/"))
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    stem, ext = os.path.splitext(name)
    if not ext and stem.startswith("."):  # ".pdf": an extension without a name
        stem = ""
    stem = re.sub(r"\s+", " ", stem).strip(" .") or "bukti"
    ext = extension(filename)
    if ext not in KINDS[kind][1]:
        ext = KINDS[kind][1][0]
    return f"{stem[:80]}.{ext}"


def display_name(filename):
    """The file name as the visitor's messages show it: no control characters,
    at most 100 characters (a posted name can be anything, of any length)."""
    name = "".join(ch for ch in (filename or "")[:300] if ch.isprintable())
    return name[:100] or "?"
