{
    "name": "SAPA - Referrals",
    "summary": "Refer SAPA cases to other institutions and follow each referral "
    "until the provider confirms the service",
    "version": "18.0.1.0.0",
    "category": "Services/SAPA",
    "author": "SAPA developers",
    "website": "https://github.com/sapa-odoo/sapa",
    "license": "LGPL-3",
    # spreadsheet_dashboard for the SAPA dashboard (data/spreadsheet_dashboard_data.xml):
    # here, not in sapa_case, since it pulls in spreadsheet, bus and portal, and the
    # dashboard shows referral outcomes.
    "depends": ["sapa_case", "spreadsheet_dashboard"],
    "data": [
        "security/ir.model.access.csv",
        "security/sapa_referral_rules.xml",
        "data/ir_sequence_data.xml",
        "data/ir_config_parameter_data.xml",
        "data/sapa_service_type_data.xml",
        "data/sapa_simfoni_service_map_data.xml",
        "data/mail_activity_type_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "report/sapa_referral_reports.xml",
        "report/sapa_referral_templates.xml",
        # The letter type points to the report above, so it loads after it.
        "data/sapa_letter_type_data.xml",
        "views/sapa_service_type_views.xml",
        "views/res_partner_views.xml",
        "views/sapa_referral_views.xml",
        "views/sapa_case_views.xml",
        "views/sapa_referral_templates.xml",
        "views/sapa_simfoni_views.xml",
        "data/spreadsheet_dashboard_data.xml",
        "views/sapa_referral_menus.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
        "demo/sapa_case_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sapa_referral/static/tests/tours/*.js",
        ],
    },
}
