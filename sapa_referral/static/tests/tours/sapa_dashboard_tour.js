import { registry } from "@web/core/registry";

// Kepala Bidang opens the SAPA dashboard (see test_dashboard.py): it loads its
// data sources (no loading error) and renders the spreadsheet.
registry.category("web_tour.tours").add("sapa_dashboard_tour", {
    steps: () => [
        {
            content: "The dashboard action opens",
            trigger: ".o_spreadsheet_dashboard_action",
        },
        {
            content: "It rendered: the spreadsheet, no loading error",
            trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-spreadsheet",
        },
        {
            content: "No error message instead of the dashboard",
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status))",
        },
    ],
});
