import { registry } from "@web/core/registry";

// The Sub Koordinator prepares a referral from a case at the referral step and
// submits it for signature. Started on the case form (see test_tour.py).
registry.category("web_tour.tours").add("sapa_referral_prepare_tour", {
    steps: () => [
        {
            content: "Open the Referrals tab of the case",
            trigger: ".o_form_view .o_notebook_headers a.nav-link[name='referrals']",
            run: "click",
        },
        {
            content: "Prepare a new referral",
            trigger: ".o_form_view button[name='action_new_referral']",
            run: "click",
        },
        {
            content: "The referral form opens on the case",
            trigger: ".o_form_view .o_field_widget[name='case_id'] :contains('KASUS/')",
        },
        {
            content: "Choose the provider",
            trigger: ".o_field_widget[name='provider_id'] input",
            run: "edit RS Tur Rujukan",
        },
        {
            trigger: ".o-autocomplete--dropdown-item > a:contains('RS Tur Rujukan')",
            run: "click",
        },
        {
            content: "Choose a service the provider gives",
            trigger: ".o_field_widget[name='service_type_ids'] input",
            run: "edit Tour health",
        },
        {
            trigger: ".o-autocomplete--dropdown-item > a:contains('Tour health')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='service_type_ids'] .o_tag:contains('Tour health')",
        },
        {
            content: "Write the reason, as the letter will say it",
            trigger: ".o_field_widget[name='reason'] textarea",
            run: "edit Klien membutuhkan pemeriksaan medis (tur).",
        },
        {
            content: "Submit for signature",
            trigger: ".o_form_view button[name='action_submit_for_signature']",
            run: "click",
        },
        {
            content: "The referral waits for the signature of Kepala Dinas",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Waiting for signature')",
        },
    ],
});

// Kepala Dinas signs the referral from its form. Started on the referral form.
registry.category("web_tour.tours").add("sapa_referral_sign_tour", {
    steps: () => [
        {
            content: "The referral waits for the signature",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Waiting for signature')",
        },
        {
            content: "Sign and send",
            trigger: ".o_form_view button[name='action_sign']",
            run: "click",
        },
        {
            content: "Confirm the signature",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The letter is sent to the provider",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Sent')",
        },
        {
            content: "The letter has its number",
            trigger: ".o_field_widget[name='letter_number'] :contains('/DP3A/')",
        },
    ],
});
