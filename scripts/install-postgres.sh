#!/usr/bin/env bash
# Install Debian's PostgreSQL server for the test suite, which starts its own server (tests/postgres.py:
# initdb into a temporary folder, its own port on 127.0.0.1). Re-runnable: does nothing when initdb,
# pg_ctl and postgres are there. The package creates a "main" cluster on port 5432 and would start it:
# it is never started (policy-rc.d), set to start manually, and its service is disabled, so nothing
# listens. Uses sudo when not root; asks no questions.
set -euo pipefail

have_postgres() {
  local bin
  for bin in /usr/lib/postgresql/*/bin; do
    if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && [ -x "$bin/postgres" ]; then return 0; fi
  done
  return 1
}

if have_postgres; then
  exit 0
fi

# shellcheck source=lib/apt.sh
source "$(dirname "$0")/lib/apt.sh"
clusters_before=$(ls -d /etc/postgresql/*/* 2>/dev/null || true)
apt_install postgresql

# The cluster this install created: stopped if something started it, never started at boot.
for conf in /etc/postgresql/*/*; do
  [ -d "$conf" ] || continue
  case "$clusters_before" in *"$conf"*) continue ;; esac
  version=$(basename "$(dirname "$conf")") name=$(basename "$conf")
  as_root pg_ctlcluster "$version" "$name" stop >/dev/null 2>&1 || true
  as_root sh -c "echo manual > '$conf/start.conf'"
done
if command -v systemctl >/dev/null 2>&1; then
  as_root systemctl disable --now postgresql.service >/dev/null 2>&1 || true
fi

have_postgres || { echo "install-postgres: initdb/pg_ctl still missing after apt-get install" >&2; exit 1; }
echo "install-postgres: $(ls -d /usr/lib/postgresql/*/bin | tail -1)"
