"""Every field of every SAPA model declares its class (who may read and write it).

The trust-boundary suite derives its probes from these declarations: a field
without one would escape it, so this test fails on any.
"""

from odoo.addons.sapa_case.models.base import SAPA_FIELD_CLASSES
from odoo.tests import TransactionCase, tagged


def sapa_fields(env):
    """(model, field name) of every field SAPA defines or carries: all fields of the
    sapa.* models (Odoo's own included), and SAPA's fields added to Odoo's models."""
    for model_name in sorted(env.registry):
        model = env[model_name]
        if model._abstract:
            continue
        for name, field in model._fields.items():
            ours = model_name.startswith("sapa.") or (field._module or "").startswith("sapa_")
            if ours:
                yield model, name


@tagged("post_install", "-at_install")
class TestFieldClasses(TransactionCase):
    def test_every_sapa_field_declares_a_known_class(self):
        missing = [
            f"{model._name}.{name}"
            for model, name in sapa_fields(self.env)
            if model._sapa_field_class(name) not in SAPA_FIELD_CLASSES
        ]
        self.maxDiff = None
        self.assertEqual(missing, [], "fields without a sapa_class (see sapa_case/models/base.py)")

    def test_the_declarations_cover_every_sapa_model(self):
        models = {model._name for model, _name in sapa_fields(self.env)}
        for expected in ("sapa.case", "sapa.complaint", "sapa.referral", "sapa.case.victim",
                         "sapa.letter", "res.partner", "res.company", "res.users"):
            self.assertIn(expected, models)

    def test_a_field_without_a_class_is_found(self):
        # The check itself can fail: a field of an Odoo model that SAPA does not
        # declare has no class, and a SAPA field's class is read back.
        self.assertIsNone(self.env["res.partner"]._sapa_field_class("street"))
        self.assertEqual(self.env["sapa.case"]._sapa_field_class("identification"),
                         "confidential")
        self.assertEqual(self.env["sapa.case"]._sapa_field_class("message_ids"), "staff")

    def test_the_kanban_landing_page_reads_no_confidential_field(self):
        # Reading a confidential field is logged (a write on the primary): the
        # staff's landing page stays a plain read, served by a replica.
        Case = self.env["sapa.case"]
        needed = Case.get_views([(False, "kanban")])["models"]["sapa.case"]["fields"]
        self.assertIn("name", needed)
        self.assertFalse(set(needed) & Case._sapa_fields_of_class("confidential"))
