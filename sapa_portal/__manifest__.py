{
    "name": "SAPA - Public Complaint Portal",
    "summary": "Safe public complaint form, status tracking and My complaints for SAPA",
    "version": "18.0.1.0.0",
    "category": "Services/SAPA",
    "author": "SAPA developers",
    "website": "https://github.com/sapa-odoo/sapa",
    "license": "LGPL-3",
    "depends": ["sapa_case", "website", "portal"],
    "data": [
        "security/ir.model.access.csv",
        "security/sapa_portal_rules.xml",
        "data/ir_config_parameter_data.xml",
        "data/ir_cron_data.xml",
        "data/website_menu_data.xml",
        "data/res_users_data.xml",
        "views/sapa_portal_templates.xml",
        "views/sapa_complaint_portal_templates.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "sapa_portal/static/src/scss/sapa_portal.scss",
            "sapa_portal/static/src/js/*.js",
        ],
        "web.assets_tests": [
            "sapa_portal/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
}
