#!/usr/bin/env bash
# Debian packages SAPA needs: PostgreSQL's server, Chromium (tours), wkhtmltopdf
# and fonts (PDF letters), poppler-utils (tests read PDFs back), faketime (the
# suite run at another hour, see README), nginx (make cluster; its config test). Installs the
# missing ones when run as root on Debian; otherwise says what to install.
set -euo pipefail
PACKAGES=(postgresql libpq-dev chromium wkhtmltopdf poppler-utils fonts-dejavu-core fonts-liberation faketime nginx)
missing=()
for pkg in "${PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "[sapa] installing Debian packages: ${missing[*]}" >&2
    apt-get update -qq
    # The packages' services (nginx's default site on port 80, the system
    # PostgreSQL) are not started: SAPA starts its own, on loopback. Debian's
    # way is a policy-rc.d that denies every start, for the install only.
    policy=/usr/sbin/policy-rc.d
    added_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && added_policy=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null || status=$?
    [ "$added_policy" = 1 ] && rm -f "$policy"
    exit "${status:-0}"
else
    echo "[sapa] missing Debian packages: ${missing[*]} (apt-get install them as root)" >&2
fi
