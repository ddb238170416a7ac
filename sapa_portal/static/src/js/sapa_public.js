/** @odoo-module ignore **/
// Small enhancements of the public SAPA pages; every page works without them.
// Plain script, no framework: SAPA's pages load this file alone (a few KB),
// not the website's frontend bundle. Also in that bundle, for "My reports".
(function () {
    "use strict";

    const DOUBLE_ESCAPE_MS = 1500;

    // Leave for the neutral site; replace() keeps the SAPA page out of the
    // tab's history, so "Back" does not bring it back.
    function leaveNow(url) {
        window.location.replace(url);
    }

    function setUpQuickExit() {
        const link = document.querySelector(".o_sapa_quick_exit");
        if (!link) {
            return;
        }
        link.addEventListener("click", (ev) => {
            ev.preventDefault();
            leaveNow(link.href);
        });
        let lastEscape = 0;
        document.addEventListener(
            "keydown",
            (ev) => {
                if (ev.key !== "Escape") {
                    return;
                }
                const now = Date.now();
                if (now - lastEscape <= DOUBLE_ESCAPE_MS) {
                    leaveNow(link.href);
                }
                lastEscape = now;
            },
            true
        );
    }

    function setUpComplaintForm(form) {
        const select = (level) => form.querySelector(`select[name='${level}_id']`);
        // The lists follow the choice by themselves: no need for the button.
        form.querySelector(".o_sapa_refresh_areas")?.classList.add("d-none");

        function toggleName() {
            const anonymous = form.querySelector("#sapa_is_anonymous")?.checked;
            form.querySelector(".o_sapa_reporter_name")?.classList.toggle("d-none", !!anonymous);
        }
        toggleName();

        form.addEventListener("change", async (ev) => {
            const target = ev.target;
            if (target.id === "sapa_is_anonymous") {
                toggleName();
                return;
            }
            const level = target.dataset && target.dataset.sapaChild;
            if (!level) {
                return;
            }
            // Empty every list below the one that changed.
            let next = level;
            while (next) {
                const child = select(next);
                for (const option of [...child.options].slice(1)) {
                    option.remove();
                }
                child.value = "";
                next = child.dataset.sapaChild;
            }
            if (!target.value) {
                return;
            }
            const params = new URLSearchParams({ level, parent: target.value });
            const response = await fetch(`/sapa/wilayah?${params}`, { credentials: "same-origin" });
            if (!response.ok) {
                return;
            }
            const list = select(level);
            for (const area of await response.json()) {
                list.add(new Option(area.name, area.id));
            }
        });

        form.addEventListener("submit", (ev) => {
            if (ev.submitter && ev.submitter.name === "sapa_refresh_areas") {
                return;
            }
            const button = form.querySelector(".o_sapa_submit");
            if (button.classList.contains("o_sapa_sending")) {
                // Sent already: do not create the report twice.
                ev.preventDefault();
                return;
            }
            button.classList.add("o_sapa_sending");
            button.setAttribute("aria-disabled", "true");
        });
    }

    function setUpStatusForm(form) {
        // The status link carries the code after '#': browsers never send that
        // part, so the code stays out of server logs. Take it, remove it from the
        // address bar, and ask for the status by POST.
        const match = window.location.hash.match(/^#kode=([A-Za-z0-9_-]{1,64})$/);
        if (!match) {
            return;
        }
        window.history.replaceState(null, "", window.location.pathname + window.location.search);
        form.querySelector("input[name='code']").value = match[1];
        if (form.querySelector("input[name='reference']").value) {
            form.requestSubmit();
        }
    }

    function focusErrorSummary() {
        // The page came back with problems: start reading at their list.
        const summary = document.querySelector(".o_sapa_error_summary");
        if (!summary) {
            return;
        }
        summary.focus();
        // A link of the list puts the keyboard in its field, not only the view.
        summary.addEventListener("click", (ev) => {
            const link = ev.target.closest("a[href^='#']");
            const field = link && document.getElementById(link.getAttribute("href").slice(1));
            if (field) {
                ev.preventDefault();
                field.focus();
                field.scrollIntoView({ block: "center" });
            }
        });
    }

    function start() {
        setUpQuickExit();
        document.querySelectorAll(".o_sapa_complaint_form").forEach(setUpComplaintForm);
        document.querySelectorAll(".o_sapa_status_form").forEach(setUpStatusForm);
        focusErrorSummary();
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
