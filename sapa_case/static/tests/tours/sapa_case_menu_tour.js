import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sapa_case_menu_tour", {
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open SAPA",
            trigger: ".o_app[data-menu-xmlid='sapa_case.sapa_menu_root']",
            run: "click",
        },
        {
            content: "The SAPA app is open",
            trigger: ".o_menu_brand:contains(SAPA)",
        },
    ],
});
