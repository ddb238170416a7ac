"""The Konselor's record rules test the stored team users of the case
(sapa.case.team_user_ids, an index-only look-up in its relation table) instead
of the team lines. The rules are noupdate data: rewritten here, in every rule
that still has the old condition (sapa_referral's included). In SQL: while
sapa_case migrates, sapa_referral's models are not loaded yet, so the ORM
would refuse a rule on sapa.referral as an invalid domain."""

OLD_NEW = [
    (
        "('case_id.team_member_ids.user_id', '=', user.id)",
        "('case_id.team_user_ids', 'in', user.id)",
    ),
    ("('team_member_ids.user_id', '=', user.id)", "('team_user_ids', 'in', user.id)"),
]


def migrate(cr, version):
    for old, new in OLD_NEW:
        cr.execute(
            "UPDATE ir_rule SET domain_force = replace(domain_force, %s, %s)"
            " WHERE domain_force LIKE %s",
            (old, new, f"%{old}%"),
        )
