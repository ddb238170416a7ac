/** @odoo-module **/

import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");

function assert(condition, message) {
    if (!condition) {
        throw new Error(message);
    }
}

tours.add("sapa_portal_complaint_form_tour", {
    steps: () => [
        {
            content: "The emergency numbers wait for the answer to the danger question",
            trigger: ".o_sapa_danger:has(.o_sapa_emergency:hidden)",
        },
        {
            content: "In danger now: yes",
            trigger: "label[for='sapa_in_danger_yes']",
            run: "click",
        },
        {
            content: "The numbers are shown at once",
            trigger: ".o_sapa_emergency:visible a[href='tel:129']",
        },
        {
            content: "Who is reporting: family",
            trigger: "label[for='sapa_reporter_relation_family']",
            run: "click",
        },
        {
            trigger: "input[name='reporter_name']",
            run: "edit Ibu Ratna",
        },
        {
            trigger: "input[name='reporter_phone']",
            run: "edit 0812 3456 7890",
        },
        {
            trigger: "textarea[name='description']",
            run: "edit Anak saya dipukul oleh ayah tirinya tadi malam.",
        },
        {
            content: "The province of the Dinas is chosen already; choose the kabupaten/kota",
            trigger: "select[name='regency_id']",
            run: "selectByLabel Kota Uji",
        },
        {
            content: "The kecamatan list now holds the kecamatan of Kota Uji only",
            trigger: "select[name='district_id']:has(option:contains(Kecamatan Uji))",
            run: "selectByLabel Kecamatan Uji",
        },
        {
            content: "And the village list those of the kecamatan",
            trigger: "select[name='village_id']:has(option:contains(Desa Uji))",
            run: "selectByLabel Desa Uji",
        },
        {
            trigger: "input[name='violence_type_ids']",
            run: "check",
        },
        {
            trigger: "input[name='consent_data']",
            run: "check",
        },
        {
            content: "Send",
            trigger: ".o_sapa_submit",
            run: "click",
        },
        {
            content: "The receipt gives the reference and the secret code",
            trigger: ".o_sapa_receipt:has(.o_sapa_code) .o_sapa_reference:contains(ADU/)",
        },
    ],
});

tours.add("sapa_portal_danger_tour", {
    steps: () => [
        {
            content: "No numbers before the answer",
            trigger: ".o_sapa_danger:has(.o_sapa_emergency:hidden)",
        },
        {
            content: "In danger now: yes",
            trigger: "label[for='sapa_in_danger_yes']",
            run: "click",
        },
        {
            content: "SAPA, WhatsApp, 112 and the police are shown",
            trigger:
                ".o_sapa_emergency:visible:has(a[href='tel:129']):has(a[href='tel:112'])" +
                ":has(a[href='tel:110']):has(a[href='https://wa.me/628111129129'])",
        },
        {
            content: "Answer no",
            trigger: "label[for='sapa_in_danger_no']",
            run: "click",
        },
        {
            content: "The numbers step back",
            trigger: ".o_sapa_danger:has(.o_sapa_emergency:hidden)",
        },
    ],
});

function quickExitSteps(leave) {
    return [
        {
            content: "Remember how long the tab's history is",
            trigger: ".o_sapa_complaint_form",
            run() {
                window.sessionStorage.setItem("sapa_test_history", String(window.history.length));
            },
        },
        ...leave,
        {
            content: "We are on the neutral page, and the SAPA page left no history entry",
            trigger: ".oe_login_form",
            run() {
                // (The website may add the visitor's language: /en/web/login.)
                assert(window.location.pathname.endsWith("/web/login"), "Not on the exit page");
                assert(window.location.search.includes("sapa_left=1"), "Not the exit page");
                assert(!document.querySelector(".o_sapa_page"), "Still on a SAPA page");
                assert(
                    String(window.history.length) ===
                        window.sessionStorage.getItem("sapa_test_history"),
                    "The SAPA page stayed in the history (history grew)"
                );
            },
        },
    ];
}

tours.add("sapa_portal_quick_exit_tour", {
    steps: () =>
        quickExitSteps([
            {
                content: "Quick exit",
                trigger: ".o_sapa_quick_exit",
                run: "click",
            },
        ]),
});

tours.add("sapa_portal_quick_exit_escape_tour", {
    steps: () =>
        quickExitSteps([
            {
                content: "Esc once does nothing yet",
                trigger: ".o_sapa_complaint_form",
                run: "press Escape",
            },
            {
                content: "Esc twice leaves",
                trigger: ".o_sapa_complaint_form",
                run: "press Escape",
            },
        ]),
});
