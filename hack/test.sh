#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what each tier needs, then runs `mvn verify`.
#
#   hack/test.sh [extra mvn arguments]
#
# Tiers: unit and mock-server tests (the chart's alerts with Prometheus's promtool, built from the Go module proxy);
# the real control plane (etcd, kube-apiserver, kube-controller-manager built from the Go module proxy); OpenMetadata's Python reader (PyPI); the node tier (*NodeIT: containerd and runc from
# Debian, the operator image, pods on this machine). Everything is cached under ~/.cache/om-secrets-operator.
# As root every tier runs, and a node tier that cannot run fails the run. As another user the node tier needs
# root and is skipped, named in one line at the end with the command that runs it. The exit status is Maven's:
# whether everything that ran passed.
set -euo pipefail
cd "$(dirname "$0")/.."

root=false
[ "$(id -u)" = 0 ] && root=true
say() { echo "test: $*" >&2; }

# Debian packages the tiers use (OpenMetadata's reader needs Python 3.10+ with venv).
missing=()
for tool in openssl unzip npm java mvn; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 10))' 2>/dev/null || missing+=(python3-venv)
if ((${#missing[@]})); then
  packages="openssl unzip npm maven openjdk-17-jdk-headless python3 python3-venv"
  if ! $root; then
    say "missing: ${missing[*]}; install them with: sudo apt-get install -y $packages"
    exit 1
  fi
  say "installing ${missing[*]} from Debian"
  apt-get update -qq && apt-get install -y -qq $packages >/dev/null
fi
# The control plane and promtool are built from the Go module proxy and need Go >= 1.24 (Debian's is older).
go version >/dev/null 2>&1 || { say "Go >= 1.24 is required to build the control plane and promtool (https://go.dev/dl/)"; exit 1; }

start=$SECONDS
bash hack/build-controlplane.sh >/dev/null
say "control plane binaries ready after $((SECONDS - start))s"
bash hack/build-promtool.sh >/dev/null
say "promtool (the alert rules' tests) ready after $((SECONDS - start))s"
bash hack/install-helm.sh >/dev/null
bash hack/install-om-reader.sh >/dev/null
say "helm and OpenMetadata's reader ready after $((SECONDS - start))s"

mvn_args=(-B -ntp verify)
if $root; then
  bash hack/install-node-packages.sh
  bash hack/build-image.sh --base >/dev/null
  say "node packages and the image's Java base ready after $((SECONDS - start))s"
  # If the test JVM dies before it can stop the node, stop it here: leave the machine as it was found.
  trap 'bash hack/node.sh down target/it-node >/dev/null 2>&1 || true' EXIT
else
  mvn_args+=(-Doms.nodeTier=skip)
fi

status=0
mvn "${mvn_args[@]}" "$@" || status=$?
say "done in $((SECONDS - start))s (exit status $status)"
if ! $root; then
  say "NOT RUN: the node tier (HelmNodeIT: the chart's pods on this machine) needs root; run it with: sudo hack/test.sh"
fi
exit "$status"
