{
    "name": "SAPA - Public Complaint Portal",
    "summary": "Safe public complaint form, status tracking and My complaints for SAPA",
    "version": "18.0.1.0.0",
    "category": "Services/SAPA",
    "author": "SAPA developers",
    "website": "https://github.com/sapa-odoo/sapa",
    "license": "LGPL-3",
    "depends": ["sapa_case", "website", "portal"],
}
