"""The Konselor's record rules test the stored team users of the case
(sapa.case.team_user_ids, an index-only look-up in its relation table) instead
of the team lines. The rules are noupdate data: rewritten here, in every rule
that still has the old condition (sapa_referral's included)."""

from odoo import SUPERUSER_ID, api

OLD_NEW = [
    (
        "('case_id.team_member_ids.user_id', '=', user.id)",
        "('case_id.team_user_ids', 'in', user.id)",
    ),
    ("('team_member_ids.user_id', '=', user.id)", "('team_user_ids', 'in', user.id)"),
]


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for rule in env["ir.rule"].with_context(active_test=False).search(
        [("domain_force", "like", "team_member_ids.user_id")]
    ):
        domain = rule.domain_force
        for old, new in OLD_NEW:
            domain = domain.replace(old, new)
        rule.domain_force = domain
