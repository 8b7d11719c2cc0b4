# Sourced by scripts/install-*.sh: install Debian packages for the test suite without starting their
# services. Uses sudo when not root; asks no questions.

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }

# apt_install PACKAGE...: install quietly, running `apt-get update` only when the first try fails. The
# package scripts may not start any service meanwhile (policy-rc.d exit 101 = "not allowed"); an existing
# policy (e.g. Docker's) is left alone, ours is removed again.
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  local policy=/usr/sbin/policy-rc.d own_policy=no status=0
  if [ ! -e "$policy" ]; then
    as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
    own_policy=yes
  fi
  if ! as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null; then
    as_root apt-get update -qq && as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null || status=$?
  fi
  if [ "$own_policy" = yes ]; then as_root rm -f "$policy"; fi
  return "$status"
}
