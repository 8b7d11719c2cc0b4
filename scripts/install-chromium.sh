#!/usr/bin/env bash
# Install Debian's Chromium for the test that opens `mailtriage report --html` in a real headless browser
# (tests/test_report_html.py: a screenshot and the rendered DOM). Re-runnable: does nothing when a
# chromium binary is there. Uses sudo when not root; asks no questions.
set -euo pipefail

have_chromium() { command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; }

if have_chromium; then
  exit 0
fi

# shellcheck source=lib/apt.sh
source "$(dirname "$0")/lib/apt.sh"
# fonts-dejavu-core: a page with no font installed renders its text as empty boxes
apt_install chromium fonts-dejavu-core

have_chromium || { echo "install-chromium: chromium is still missing after apt-get install" >&2; exit 1; }
echo "install-chromium: $(chromium --version 2>/dev/null || echo chromium)"
