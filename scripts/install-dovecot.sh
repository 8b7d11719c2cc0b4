#!/usr/bin/env bash
# Install Debian's Dovecot IMAP server for the test suite, which starts its own instance (tests/dovecot.py)
# with its own config and ports. Re-runnable: does nothing when the dovecot binary is there. Never
# starts or enables the system service. Uses sudo when not root; asks no questions.
set -euo pipefail

have_dovecot() { command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ]; }

if have_dovecot && command -v doveadm >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; then
  exit 0
fi

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }
export DEBIAN_FRONTEND=noninteractive

# Keep the package scripts from starting the system Dovecot (policy-rc.d exit 101 = "not allowed");
# an existing policy (e.g. Docker's) is left alone.
policy=/usr/sbin/policy-rc.d
own_policy=no
if [ ! -e "$policy" ]; then
  as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
  own_policy=yes
fi
cleanup() { if [ "$own_policy" = yes ]; then as_root rm -f "$policy"; fi; }
trap cleanup EXIT

packages=(dovecot-imapd openssl)
if ! as_root apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null; then
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

# The package enables the unit for the next boot; the tests never use it.
if command -v systemctl >/dev/null 2>&1; then
  as_root systemctl disable --now dovecot.service >/dev/null 2>&1 || true
fi

have_dovecot || { echo "install-dovecot: dovecot is still missing after apt-get install" >&2; exit 1; }
echo "install-dovecot: $(/usr/sbin/dovecot --version 2>/dev/null || dovecot --version)"
