import { registry } from "@web/core/registry";

// Kepala Dinas finds the surat tugas to approve in the activity menu of the
// navbar, opens the case from there and approves it.
registry.category("web_tour.tours").add("sapa_case_approve_from_activity_menu_tour", {
    steps: () => [
        {
            content: "Open the activity menu of the systray",
            trigger: ".o_menu_systray button:has(i[aria-label='Activities'])",
            run: "click",
        },
        {
            // The approval is due in a few days: the last counter ("Future").
            content: "Open the planned activities on SAPA cases",
            trigger: ".o-mail-ActivityGroup[data-model_name='sapa.case'] .d-flex > span:last-child",
            run: "click",
        },
        {
            content: "Open the case to approve",
            trigger: ".o_data_row:contains('TOUR-APPROVE') .o_data_cell",
            run: "click",
        },
        {
            content: "The case waits for the approval",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Approval')",
        },
        {
            content: "Approve the surat tugas",
            trigger: ".o_form_view button[name='action_approve']",
            run: "click",
        },
        {
            content: "The case is now in outreach",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Outreach')",
        },
        {
            content: "and the approval button is gone",
            trigger: ".o_form_view:not(:has(button[name='action_approve']))",
        },
    ],
});
