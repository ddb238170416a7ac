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

// An official approves from the activity itself, not from the form button:
// systray activity menu -> SAPA cases -> the activity of the case in the list
// -> "Mark as done" with a note -> "Done". The case moves on in the list.
const markDoneFromActivityMenu = (reference, fromStage, toStage, note) => [
    {
        content: "Open the activity menu of the systray",
        trigger: ".o_menu_systray button:has(i[aria-label='Activities'])",
        run: "click",
    },
    {
        // Due in a few days: the last counter ("Future").
        content: "Open the planned activities on SAPA cases",
        trigger: ".o-mail-ActivityGroup[data-model_name='sapa.case'] .d-flex > span:last-child",
        run: "click",
    },
    {
        content: "The case waits in its step",
        trigger: `.o_data_row:contains('${reference}') .o_data_cell[name='stage_id']:contains('${fromStage}')`,
    },
    {
        content: "Open the activities of the case",
        trigger: `.o_data_row:contains('${reference}') .o-mail-ActivityButton`,
        run: "click",
    },
    {
        content: "Mark the approval activity as done",
        // The case's only activity (its summary names the case by its first reference).
        trigger: ".o-mail-ActivityListPopover .o-mail-ActivityListPopoverItem-markAsDone",
        run: "click",
    },
    {
        content: "Write the approval note",
        trigger: ".o-mail-ActivityMarkAsDone textarea",
        run: `edit ${note}`,
    },
    {
        content: "Done",
        trigger: ".o-mail-ActivityMarkAsDone button[aria-label='Done']",
        run: "click",
    },
    {
        content: "The case moved on",
        trigger: `.o_data_row:contains('${reference}') .o_data_cell[name='stage_id']:contains('${toStage}')`,
    },
    {
        content: "No error was shown",
        trigger: "body:not(:has(.o_error_dialog))",
    },
];

registry.category("web_tour.tours").add("sapa_case_verify_by_marking_done_tour", {
    steps: () => markDoneFromActivityMenu("TOUR-VERIFY", "Verification", "Approval", "Identifikasi lengkap"),
});

registry.category("web_tour.tours").add("sapa_case_approve_by_marking_done_tour", {
    steps: () => markDoneFromActivityMenu("TOUR-MARKDONE", "Approval", "Outreach", "Disetujui"),
});

// Marking the approval done without the outreach team: refused with the
// guard's message, the case stays.
registry.category("web_tour.tours").add("sapa_case_verify_by_marking_done_refused_tour", {
    steps: () => [
        ...markDoneFromActivityMenu("TOUR-NOTEAM", "Verification", "Approval", "Lanjut").slice(0, 7),
        {
            content: "The guard refuses, naming what is missing",
            trigger: ".modal:contains('outreach team')",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
    ],
});
