/** @odoo-module **/
// Small enhancements of the public SAPA pages. Every page works without them.

import publicWidget from "@web/legacy/js/public/public_widget";

const DOUBLE_ESCAPE_MS = 1500;

/**
 * Leave for the neutral site; replace() keeps the SAPA page out of the tab's
 * history, so "Back" does not bring it back.
 */
export function leaveNow(url) {
    window.location.replace(url);
}

publicWidget.registry.SapaQuickExit = publicWidget.Widget.extend({
    selector: ".o_sapa_quick_exit",
    events: { click: "_onClick" },

    start() {
        this._lastEscape = 0;
        this._onKeydown = this._onKeydown.bind(this);
        document.addEventListener("keydown", this._onKeydown, true);
        return this._super(...arguments);
    },

    destroy() {
        document.removeEventListener("keydown", this._onKeydown, true);
        this._super(...arguments);
    },

    _onClick(ev) {
        ev.preventDefault();
        leaveNow(this.el.href);
    },

    _onKeydown(ev) {
        if (ev.key !== "Escape") {
            return;
        }
        const now = Date.now();
        if (now - this._lastEscape <= DOUBLE_ESCAPE_MS) {
            leaveNow(this.el.href);
        }
        this._lastEscape = now;
    },
});

publicWidget.registry.SapaComplaintForm = publicWidget.Widget.extend({
    selector: ".o_sapa_complaint_form",
    events: {
        "change select[data-sapa-child]": "_onAreaChange",
        "change #sapa_is_anonymous": "_onAnonymousChange",
        submit: "_onSubmit",
    },

    start() {
        // The lists follow the choice by themselves: no need for the button.
        this.el.querySelector(".o_sapa_refresh_areas")?.classList.add("d-none");
        this._onAnonymousChange();
        return this._super(...arguments);
    },

    _select(level) {
        return this.el.querySelector(`select[name='${level}_id']`);
    },

    _clear(select) {
        for (const option of [...select.options].slice(1)) {
            option.remove();
        }
        select.value = "";
    },

    async _onAreaChange(ev) {
        const level = ev.currentTarget.dataset.sapaChild;
        const parent = ev.currentTarget.value;
        // Empty every list below the one that changed.
        let next = level;
        while (next) {
            const select = this._select(next);
            this._clear(select);
            next = select.dataset.sapaChild;
        }
        if (!parent) {
            return;
        }
        const params = new URLSearchParams({ level, parent });
        const response = await fetch(`/sapa/wilayah?${params}`, { credentials: "same-origin" });
        if (!response.ok) {
            return;
        }
        const select = this._select(level);
        for (const area of await response.json()) {
            select.add(new Option(area.name, area.id));
        }
    },

    _onAnonymousChange() {
        const anonymous = this.el.querySelector("#sapa_is_anonymous")?.checked;
        this.el.querySelector(".o_sapa_reporter_name")?.classList.toggle("d-none", !!anonymous);
    },

    _onSubmit(ev) {
        if (ev.submitter?.name === "sapa_refresh_areas") {
            return;
        }
        const button = this.el.querySelector(".o_sapa_submit");
        if (button.disabled) {
            // Sent already: do not create the report twice.
            ev.preventDefault();
            return;
        }
        button.disabled = true;
        button.classList.add("o_sapa_sending");
    },
});

publicWidget.registry.SapaStatusForm = publicWidget.Widget.extend({
    selector: ".o_sapa_status_form",

    start() {
        // The status link carries the code after '#': browsers never send that
        // part, so the code stays out of server logs. Take it, remove it from the
        // address bar, and ask for the status by POST.
        const match = window.location.hash.match(/^#kode=([A-Za-z0-9_-]{1,64})$/);
        if (match) {
            window.history.replaceState(null, "", window.location.pathname + window.location.search);
            this.el.querySelector("input[name='code']").value = match[1];
            if (this.el.querySelector("input[name='reference']").value) {
                this.el.requestSubmit();
            }
        }
        return this._super(...arguments);
    },
});
