"""Fixtures of the trust-boundary suite: one user per role and one record of every
SAPA model, with a distinctive value in every confidential field (so that a leak
is recognisable wherever it shows), all created as superuser."""

from odoo import Command
from odoo.addons.sapa_case.tests.common import ROLE_GROUPS, create_role_user

# The users of the suite: one of each SAPA test role (an Odoo user with no SAPA
# role among them), and a Konselor who is not on the case's team. {user: role}
ROLES = {**{role: role for role in ROLE_GROUPS}, "outsider_counselor": "counselor"}
# Who must never read a 'confidential' field of the fixture case (see base.py):
# everyone outside the case team and the officials.
NOT_CASE_TEAM = ("admin", "outsider_counselor", "internal", "portal", "public")
EVERY_ROLE = (*ROLES, "public")


def create_role_users(env, prefix):
    users = {
        name: create_role_user(
            env, role, f"{prefix}_{name}", name=f"Trust {name}", company_id=env.company.id
        )
        for name, role in ROLES.items()
    }
    users["public"] = env.ref("base.public_user")
    return users


def secret_value(model, fname):
    return f"SECRET {model}.{fname}"


def create_records(env, users):
    """{model name: record} for the core SAPA models, confidential fields filled."""
    env = env(su=True)
    physical = env.ref("sapa_case.violence_type_physical")
    complaint = env["sapa.complaint"].create({
        "channel": "hotline",
        "reporter_name": secret_value("sapa.complaint", "reporter_name"),
        "reporter_phone": "0812-3456-7890",
        "description": secret_value("sapa.complaint", "description"),
        "violence_type_ids": [Command.set(physical.ids)],
        "partner_id": users["portal"].partner_id.id,
    })
    case = env["sapa.case"].create({
        "complaint_ids": [Command.link(complaint.id)],
        "user_id": users["subcoordinator"].id,
        "consent_contact": True,
        "violence_type_ids": [Command.set(physical.ids)],
        "team_member_ids": [
            Command.create({"user_id": users["counselor"].id, "role": "counselor"}),
            Command.create({"user_id": users["subcoordinator"].id, "role": "subcoordinator"}),
        ],
    })
    complaint.write({"case_id": case.id, "state": "accepted"})
    band = env["sapa.age.band"].search([], limit=1)
    records = {
        "sapa.complaint": complaint,
        "sapa.case": case,
        "sapa.case.team.member": case.team_member_ids[0],
        "sapa.case.victim": env["sapa.case.victim"].create(
            {"case_id": case.id, "name": "v", "sex": "female", "age_band_id": band.id}
        ),
        "sapa.case.perpetrator": env["sapa.case.perpetrator"].create(
            {"case_id": case.id, "name": "p", "sex": "male"}
        ),
        "sapa.case.contact.attempt": env["sapa.case.contact.attempt"].create(
            {"case_id": case.id, "outcome": "reached", "user_id": users["subcoordinator"].id}
        ),
        "sapa.case.outreach.activity": env["sapa.case.outreach.activity"].create(
            {"case_id": case.id, "activity_type": "assessment"}
        ),
        "sapa.case.monitoring.checkin": env["sapa.case.monitoring.checkin"].create(
            {"case_id": case.id, "condition": "safe"}
        ),
        "sapa.case.access.log": env["sapa.case.access.log"].create(
            {"case_id": case.id, "user_id": users["admin"].id}
        ),
        "sapa.anonymisation.log": env["sapa.anonymisation.log"].create({
            "case_id": case.id, "case_reference": case.name, "company_id": case.company_id.id,
            "user_id": users["manager"].id,
        }),
    }
    records["sapa.report.log"] = env["sapa.report.log"].create({
        "report": "simfoni_export", "user_id": users["head_agency"].id,
        "company_id": case.company_id.id,
    })
    records["sapa.monthly.recap"] = env["sapa.monthly.recap"].create({
        "company_id": case.company_id.id, "year": 2026, "month": "1",
    })
    if "sapa.referral" in env:
        provider = env["res.partner"].create(
            {"name": "Trust provider", "is_company": True, "is_sapa_provider": True,
             "email": "trust.provider@example.com"}
        )
        # A referral is prepared at the referral step: the fixture puts the case
        # there for that moment only (walking the SOP is not what this suite tests).
        received, referral_stage = (
            env["sapa.case.stage"]._get_by_step(step) for step in ("received", "referral")
        )
        set_stage = "UPDATE sapa_case SET stage_id = %s, step = %s WHERE id = %s"
        env.flush_all()
        env.cr.execute(set_stage, (referral_stage.id, "referral", case.id))
        env.invalidate_all()
        records["sapa.referral"] = env["sapa.referral"].create(
            {"case_id": case.id, "provider_id": provider.id}
        )
        env.flush_all()
        env.cr.execute(set_stage, (received.id, "received", case.id))
        env.invalidate_all()
    if "sapa.portal.rate.limit" in env:
        records["sapa.portal.rate.limit"] = env["sapa.portal.rate.limit"].create({
            "scope": "submit", "client_key": "trust", "hit_at": "2026-01-01 00:00:00",
        })
    # Confidential text fields get a recognisable value.
    for model_name, record in records.items():
        values = {}
        for fname in record._sapa_fields_of_class("confidential"):
            field = record._fields[fname]
            if field.store and field.type in ("char", "text") and not field.compute:
                # Phone numbers are validated: a valid one, unique to the field.
                values[fname] = (
                    f"0812-9{len(values):03d}-4321"
                    if "phone" in fname else secret_value(model_name, fname)
                )
        record.write(values)
    return records


def any_record(env, model_name, records):
    """The fixture of ``model_name``, else any record of it (master data)."""
    if model_name in records:
        return records[model_name]
    return env[model_name].sudo().with_context(active_test=False).search([], limit=1)
