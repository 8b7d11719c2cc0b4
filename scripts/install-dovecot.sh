#!/usr/bin/env bash
# Install Debian's Dovecot IMAP server for the test suite, which starts its own instance (tests/dovecot.py)
# with its own config and ports. Re-runnable: does nothing when the dovecot binary is there. Never
# starts or enables the system service. Uses sudo when not root; asks no questions.
set -euo pipefail

have_dovecot() { command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ]; }

if have_dovecot && command -v doveadm >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; then
  exit 0
fi

# shellcheck source=lib/apt.sh
source "$(dirname "$0")/lib/apt.sh"
apt_install dovecot-imapd openssl

# The package enables the unit for the next boot; the tests never use it.
if command -v systemctl >/dev/null 2>&1; then
  as_root systemctl disable --now dovecot.service >/dev/null 2>&1 || true
fi

have_dovecot || { echo "install-dovecot: dovecot is still missing after apt-get install" >&2; exit 1; }
echo "install-dovecot: $(/usr/sbin/dovecot --version 2>/dev/null || dovecot --version)"
