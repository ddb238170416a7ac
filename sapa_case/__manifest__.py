{
    "name": "SAPA - Case Handling",
    "summary": "Complaints and cases of violence against women and children, "
    "handled along the SAPA SOP of a Dinas PPPA",
    "version": "18.0.1.0.0",
    "category": "Services/SAPA",
    "author": "SAPA developers",
    "website": "https://github.com/sapa-odoo/sapa",
    "license": "LGPL-3",
    "depends": ["mail"],
    "external_dependencies": {"python": ["phonenumbers"]},
    "data": [
        "security/sapa_case_groups.xml",
        "security/ir.model.access.csv",
        "security/sapa_case_rules.xml",
        "data/sapa_case_stage_data.xml",
        "data/sapa_classification_data.xml",
        "data/sapa_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/sapa_case_stage_views.xml",
        "views/sapa_complaint_views.xml",
        "views/sapa_case_views.xml",
        "views/sapa_master_data_views.xml",
        "views/res_company_views.xml",
        "views/res_users_views.xml",
        "views/sapa_case_menus.xml",
    ],
    "demo": [
        "demo/sapa_case_users_demo.xml",
        "demo/sapa_area_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sapa_case/static/tests/tours/*.js",
        ],
    },
    "application": True,
}
