{
    "name": "SAPA - Referrals",
    "summary": "Refer SAPA cases to other institutions and follow each referral "
    "until the provider confirms the service",
    "version": "18.0.1.0.0",
    "category": "Services/SAPA",
    "author": "SAPA developers",
    "website": "https://github.com/sapa-odoo/sapa",
    "license": "LGPL-3",
    "depends": ["sapa_case"],
    "data": [
        "security/ir.model.access.csv",
        "data/sapa_service_type_data.xml",
        "views/sapa_service_type_views.xml",
        "views/res_partner_views.xml",
        "views/sapa_referral_menus.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
    ],
}
