"""The page a SAPA visitor gets when the database fails during the request (a
PostgreSQL restart, a lost connection, too many connections): never Odoo's
bare error page, but, in the visitor's language (Indonesian by default), that
the report was *not sent yet*, to try again in a moment, the emergency numbers,
and, for the complaint form, what was typed, ready to be sent again.

Built without the database: no QWeb view, no record, no system parameter, no
asset (a plain HTML string with inline CSS; translations come from the
addon's .po files, which Odoo reads from disk). The form posted again carries
the posted CSRF token, which stays valid for the visitor's session.
"""

import re

import psycopg2
from markupsafe import Markup

# sapa_case is on Odoo's addons path, which pylint does not know.
from odoo.addons.sapa_case.utils.public_http import (  # pylint: disable=import-error
    secure_public_response,
)
from odoo.http import Response
from odoo.sql_db import PoolError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# Public SAPA paths, with or without a language prefix (/en/sapa/...).
SAPA_PATH = re.compile(r"^(?:/[a-z]{2,3}(?:_[A-Za-z]{2,4})?)?/sapa(?:/|$)")
FORM_PATH = re.compile(r"^(?:/[a-z]{2,3}(?:_[A-Za-z]{2,4})?)?/sapa/pengaduan/?$")
ENGLISH_PATH = re.compile(r"^/en(?:_US)?/")
NEUTRAL_EXIT_URL = "https://www.google.com/search?q=cuaca+hari+ini"
# What is sent again: bounded, as the form itself bounds it.
MAX_FIELDS = 100
MAX_VALUE = 20000

TITLE = _lt("SAPA: please try again in a moment")
NOT_SENT = _lt("Your report has not been sent yet.")
NOT_SENT_HELP = _lt(
    "SAPA could not save it just now. Nothing is lost on this page: wait a moment, "
    "then press the button below to send it again."
)
SEND_AGAIN = _lt("Send my report again")
FILES_LOST = _lt(
    "Attached files could not be kept. Send the report now, and the files later by "
    "WhatsApp 08111-129-129 or when SAPA contacts you."
)
STORY = _lt("What you wrote")
UNAVAILABLE = _lt("SAPA is briefly unavailable.")
UNAVAILABLE_HELP = _lt("Please try again in a moment.")
TRY_AGAIN = _lt("Try again")
DANGER = _lt("If someone is in danger now, call (free):")
EMERGENCY = _lt("Emergency")
POLICE = _lt("Police")
QUICK_EXIT = _lt("Quick exit")

STYLE = Markup(
    "body{font-family:system-ui,sans-serif;margin:0;padding:1rem;max-width:40rem;"
    "margin:auto;line-height:1.5;color:#212529}"
    "h1{font-size:1.35rem}.alert{background:#fff3cd;border:1px solid #ffe69c;"
    "padding:.75rem;border-radius:.5rem}"
    "a.btn,button{display:block;width:100%;box-sizing:border-box;padding:.75rem;"
    "margin:.5rem 0;font-size:1.1rem;border-radius:.5rem;border:0;text-align:left;"
    "text-decoration:none;color:#fff;background:#dc3545}"
    "a.wa{background:#198754}button{background:#0d6efd;text-align:center}"
    "textarea{width:100%;box-sizing:border-box;min-height:8rem;font-size:1rem}"
    ".exit{position:fixed;right:1rem;bottom:1rem;width:auto;border-radius:2rem;"
    "background:#dc3545;padding:.6rem 1.2rem}"
)


# A database that cannot answer now: lost or refused connection, restart,
# no free connection, a serialisation failure left after Odoo's retries.
DATABASE_ERRORS = (psycopg2.OperationalError, psycopg2.InterfaceError, PoolError)


def is_sapa_path(path):
    return bool(SAPA_PATH.match(path or ""))


def database_failed(exception):
    """True if ``exception``, or one it was raised while handling, is the
    database failing (not a programming error)."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, DATABASE_ERRORS):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def response(httprequest, lang_code=None):
    """The page as a 503 response with SAPA's public-page headers."""
    return secure_public_response(
        Response(
            render(httprequest, lang_code),
            status=503,
            content_type="text/html; charset=utf-8",
            headers=[("Retry-After", "10")],
        )
    )


def _lang(path, lang_code=None):
    """English if the visitor reads the site in English, else Indonesian (the
    website's language)."""
    if lang_code:
        return "en_US" if lang_code == "en_US" else "id_ID"
    return "en_US" if ENGLISH_PATH.match(path or "") else "id_ID"


def _numbers(lang):
    return Markup(
        '<p><strong>{danger}</strong></p>'
        '<a class="btn" href="tel:129">SAPA <strong>129</strong></a>'
        '<a class="btn wa" href="https://wa.me/628111129129" rel="noreferrer noopener">'
        "WhatsApp <strong>08111-129-129</strong></a>"
        '<a class="btn" href="tel:112">{emergency} <strong>112</strong></a>'
        '<a class="btn" href="tel:110">{police} <strong>110</strong></a>'
    ).format(
        danger=DANGER._translate(lang),
        emergency=EMERGENCY._translate(lang),
        police=POLICE._translate(lang),
    )


def _resend_form(path, form, had_files, lang):
    """The typed answers, posted again to the same address: the story visible
    (it can be copied, or corrected), the rest hidden."""
    fields = Markup()
    story = ""
    for count, (name, value) in enumerate(form.items(multi=True)):
        if count >= MAX_FIELDS:
            break
        if not isinstance(value, str) or len(value) > MAX_VALUE or len(name) > 64:
            continue
        if name == "description":
            story = value
            continue
        fields += Markup('<input type="hidden" name="{}" value="{}"/>').format(name, value)
    return Markup(
        '<form method="post" action="{path}" enctype="multipart/form-data">{fields}'
        '<label for="sapa_story"><strong>{story_label}</strong></label>'
        '<textarea id="sapa_story" name="description">{story}</textarea>'
        "{files}<button type=\"submit\">{send}</button></form>"
    ).format(
        path=path,
        fields=fields,
        story_label=STORY._translate(lang),
        story=story,
        files=Markup("<p>{}</p>").format(FILES_LOST._translate(lang)) if had_files else "",
        send=SEND_AGAIN._translate(lang),
    )


def render(httprequest, lang_code=None):
    """HTML of the page for ``httprequest`` (werkzeug's request) in the language
    ``lang_code`` of the visitor if known (else from the address): the
    complaint form posted again for a POST of the form, else a "try again"
    link."""
    path = httprequest.path
    lang = _lang(path, lang_code)
    if httprequest.method == "POST" and FORM_PATH.match(path):
        had_files = any(upload.filename for upload in httprequest.files.getlist("attachment"))
        body = Markup(
            '<div class="alert" role="alert"><h1>{title}</h1><p>{help}</p></div>{form}'
        ).format(
            title=NOT_SENT._translate(lang),
            help=NOT_SENT_HELP._translate(lang),
            form=_resend_form(path, httprequest.form, had_files, lang),
        )
    else:
        body = Markup(
            '<div class="alert" role="alert"><h1>{title}</h1><p>{help}</p></div>'
            '<p><a href="{path}">{again}</a></p>'
        ).format(
            title=UNAVAILABLE._translate(lang),
            help=UNAVAILABLE_HELP._translate(lang),
            path=path if httprequest.method == "GET" else "/sapa/pengaduan",
            again=TRY_AGAIN._translate(lang),
        )
    return Markup(
        '<!DOCTYPE html><html lang="{html_lang}"><head><meta charset="utf-8"/>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>'
        '<meta name="robots" content="noindex, nofollow"/>'
        "<title>{title}</title><style>{style}</style></head><body>{body}{numbers}"
        '<a class="btn exit" href="{exit}" rel="noreferrer noopener">{quick_exit}</a>'
        "</body></html>"
    ).format(
        html_lang="en" if lang == "en_US" else "id",
        title=TITLE._translate(lang),
        style=STYLE,
        body=body,
        numbers=_numbers(lang),
        exit=NEUTRAL_EXIT_URL,
        quick_exit=QUICK_EXIT._translate(lang),
    )
