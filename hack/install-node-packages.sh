#!/usr/bin/env bash
# Installs from Debian what hack/node.sh needs to run pods (containerd, runc, the CNI plugins, iptables)
# and what hack/build-image.sh needs to build the Java base image (mmdebstrap). Needs root; a no-op when
# everything is already there. Nothing is started: hack/node.sh runs containerd with its own config.
set -euo pipefail

packages=(containerd runc containernetworking-plugins iptables mmdebstrap)
missing=()
for p in "${packages[@]}"; do
  [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == "install ok installed" ]] || missing+=("$p")
done
((${#missing[@]})) || exit 0
echo "install-node-packages: installing ${missing[*]} from Debian" >&2
# policy-rc.d 101: Debian's postinst must not start containerd system-wide (no systemd here, and the
# node runs its own instance); the file is removed again so nothing outside the project stays changed.
policy=/usr/sbin/policy-rc.d
created_policy=false
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && created_policy=true
fi
trap '$created_policy && rm -f "$policy"' EXIT
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
