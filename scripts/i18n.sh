#!/usr/bin/env bash
# `make pot`: export each SAPA addon's source strings (i18n/<addon>.pot) from a
# throwaway database and merge them into its i18n/id.po. New strings arrive
# untranslated (never guessed: no fuzzy matching); strings gone from the code
# leave id.po. Translate the empty msgstr entries, then `make test`.
source "$(dirname "$0")/common.sh"

ensure_venv
ensure_odoo
ensure_postgres

DB="sapa_i18n_$$"
ODOO=("$PY" "$ODOO_PATH/odoo-bin" "${DB_ARGS[@]}" --addons-path="$ADDONS_PATH" -d "$DB"
      --log-level=warn --stop-after-init)
on_exit dropdb --if-exists "$DB"
log "installing the SAPA addons in $DB (no demo data)"
"${ODOO[@]}" -i "$SAPA_MODULES" --without-demo=all

for addon in ${SAPA_MODULES//,/ }; do
    pot="$REPO/$addon/i18n/$addon.pot"
    po="$REPO/$addon/i18n/id.po"
    log "exporting $addon -> ${pot#"$REPO/"}"
    "${ODOO[@]}" --i18n-export="$pot" --modules="$addon"
    if [ -f "$po" ]; then
        msgmerge --quiet --update --no-fuzzy-matching --backup=none "$po" "$pot"
        # msgmerge keeps removed strings as '#~' comments: drop them.
        msgattrib --no-obsolete --output-file="$po" "$po"
        sed -i 's/^"Language: \\n"$/"Language: id\\n"/' "$po"
    else
        msginit --no-translator --locale=id --input="$pot" --output-file="$po"
    fi
    untranslated=$(msgattrib --untranslated "$po" | grep -c '^msgid ' || true)
    log "$addon: $((untranslated > 0 ? untranslated - 1 : 0)) untranslated strings in ${po#"$REPO/"}"
done
