from odoo import Command


def post_init_hook(env):
    """Serve the website in Indonesian by default, English remaining available.

    Installs Indonesian (with the terms of every installed module) if the database
    does not have it yet, adds it to every website and makes it the default one.
    The website menu entries of this module are copied per website by Odoo: they
    get the Indonesian name of the menu template.
    """
    langs = env["res.lang"].with_context(active_test=False)
    lang = langs.search([("code", "=", "id_ID")])
    english = langs.search([("code", "=", "en_US")])
    if not lang:
        return
    # English needs no terms; a database created in Indonesian may have it off.
    english.active = True
    if not lang.active:
        lang.active = True
        # As Settings > Languages does: the terms of every installed module, plus
        # this one (still being installed, so not loaded by the line above yet).
        modules = env["ir.module.module"].search([("state", "=", "installed")])
        (modules | env["ir.module.module"]._get("sapa_portal"))._update_translations("id_ID")
    for website in env["website"].search([]):
        website.language_ids = [Command.link(lang.id), Command.link(english.id)]
        website.default_lang_id = lang

    for xmlid in ("sapa_portal.menu_sapa_complaint_form", "sapa_portal.menu_sapa_complaint_status"):
        template_menu = env.ref(xmlid, raise_if_not_found=False)
        if not template_menu:
            continue
        translated = template_menu.with_context(lang="id_ID").name
        copies = env["website.menu"].search(
            [("url", "=", template_menu.url), ("website_id", "!=", False)]
        )
        for menu in copies:
            menu.update_field_translations("name", {"id_ID": translated})
