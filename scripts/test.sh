#!/usr/bin/env bash
# The test command: set up once (system packages including the test-only ones, .venv), then run every test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh test
exec .venv/bin/python -m pytest "$@"
