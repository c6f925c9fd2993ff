#!/usr/bin/env bash
# The run command: set up once (system packages, .venv, models where the network allows), then start voiceguide.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh run
if [[ -f scripts/download_model.py && ! -e models/.download-attempted ]]; then
    .venv/bin/python scripts/download_model.py || true
    touch models/.download-attempted
fi
exec .venv/bin/voiceguide "$@"
