"""Buttons of every SAPA addon: a public ``action_*`` method is callable over
RPC by anyone who can reach the record, so it takes no argument (what a button
needs comes from the record or a wizard, whose confirm calls a private method)."""

import inspect

from odoo.tests import TransactionCase, tagged


def sapa_buttons(env):
    """(model, method name, function) of every action_* defined by a SAPA addon."""
    for model_name in sorted(env.registry):
        for cls in type(env[model_name]).__mro__:
            if not cls.__module__.startswith("odoo.addons.sapa_"):
                continue
            for name, function in vars(cls).items():
                if name.startswith("action_") and callable(function):
                    yield model_name, name, function


@tagged("post_install", "-at_install")
class TestButtons(TransactionCase):
    def test_sapa_buttons_take_no_argument(self):
        buttons = list(sapa_buttons(self.env))
        self.assertIn(("sapa.case", "action_approve"), [(m, n) for m, n, _f in buttons])
        self.assertIn(("sapa.referral", "action_sign"), [(m, n) for m, n, _f in buttons])
        with_arguments = [
            f"{model}.{name}{inspect.signature(function)}"
            for model, name, function in buttons
            if list(inspect.signature(function).parameters) != ["self"]
        ]
        self.assertEqual(with_arguments, [], "buttons must not take arguments")
