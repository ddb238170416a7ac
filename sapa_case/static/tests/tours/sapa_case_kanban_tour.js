import { registry } from "@web/core/registry";

// Cards and columns of the SAPA cases kanban, found by case reference and by
// (a word of) the stage name: stages are data (sapa_case_stage_data.xml), and
// the steps use no text of the interface, which may be in Indonesian.
const column = (stage) => `.o_kanban_group:has(.o_column_title:contains('${stage}'))`;
const card = (stage, reference) => `${column(stage)} .o_kanban_record:contains('${reference}')`;
const IDENTIFICATION = "Confirmation";
const VERIFICATION = "Verification";

const openCasesKanban = () => [
    {
        content: "Open the apps menu",
        trigger: ".o_navbar_apps_menu button",
        run: "click",
    },
    {
        content: "Open SAPA: the cases kanban",
        trigger: ".o_app[data-menu-xmlid='sapa_case.sapa_menu_root']",
        run: "click",
    },
    {
        content: "The kanban shows the SOP's columns",
        trigger: `.o_kanban_view ${column(VERIFICATION)}`,
    },
    {
        // Folded for the Sub Koordinator: the Kepala Bidang's step, not theirs.
        content: "Open the folded verification column",
        trigger: `${column(VERIFICATION)}.o_column_folded`,
        run: "click",
    },
    {
        content: "The verification column is open",
        trigger: `${column(VERIFICATION)}:not(.o_column_folded)`,
    },
];

registry.category("web_tour.tours").add("sapa_case_kanban_drag_tour", {
    steps: () => [
        ...openCasesKanban(),
        {
            content: "Drag the identified case to verification",
            trigger: card(IDENTIFICATION, "TOUR-READY"),
            // In parentheses: the run parser drops one closing parenthesis at the end.
            run: `drag_and_drop (${column(VERIFICATION)})`,
        },
        {
            // The old deadline (2030) is replaced by the one of the verification
            // step only once the server has accepted the move.
            content: "The card is saved in the verification column",
            trigger: `${card(VERIFICATION, "TOUR-READY")}:not(:contains('2030'))`,
        },
        {
            content: "No error was shown",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});

registry.category("web_tour.tours").add("sapa_case_kanban_drag_refused_tour", {
    steps: () => [
        ...openCasesKanban(),
        {
            content: "Drag a case whose identification is not done to verification",
            trigger: card(IDENTIFICATION, "TOUR-INCOMPLETE"),
            // In parentheses: the run parser drops one closing parenthesis at the end.
            run: `drag_and_drop (${column(VERIFICATION)})`,
        },
        {
            content: "The guard refuses the move to verification",
            trigger: `.o_error_dialog:contains('TOUR-INCOMPLETE'):contains('${VERIFICATION}')`,
        },
        {
            content: "Close the message",
            trigger: ".o_error_dialog .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The card is back in its column",
            trigger: `body:not(:has(.modal)) ${card(IDENTIFICATION, "TOUR-INCOMPLETE")}`,
        },
        {
            content: "and not in the verification column",
            trigger: `body:not(:has(${card(VERIFICATION, "TOUR-INCOMPLETE")}))`,
        },
    ],
});
