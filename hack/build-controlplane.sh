#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager, kubectl, etcd, kubelet and kube-scheduler from the Go
# module proxy (the versions pinned in hack/controlplane/go.mod) into a
# per-version cache dir, and prints that dir as the last line of stdout:
#
#   dir=$(hack/build-controlplane.sh | tail -1)
#
# hack/README.md ("build-controlplane.sh") has the measured build times; when all
# six binaries are already in the cache it returns at once. Progress goes to stderr.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mod_dir="$here/controlplane"
cache_root=${OMS_CONTROLPLANE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/om-secrets-operator/controlplane}
# kubelet and kube-scheduler are for hack/node.sh (pods on a real node); the plane alone needs the other four.
binaries=(kube-apiserver kube-controller-manager kubectl etcd kubelet kube-scheduler)

log() { echo "build-controlplane: $*" >&2; }
# shellcheck source=lib/cache.sh
source "$here/lib/cache.sh"

# The k8s version is read from go.mod (not passed in), so the cache key can never
# disagree with what is actually built. Plain awk: no module download needed.
k8s_version=$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ {print $2; exit}' "$mod_dir/go.mod")
[[ $k8s_version =~ ^v([0-9]+)\.([0-9]+)\.[0-9]+$ ]] || { log "cannot read k8s.io/kubernetes version from $mod_dir/go.mod"; exit 1; }
major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]}
out="$cache_root/$k8s_version"

have_all=true
for b in "${binaries[@]}"; do [[ -x "$out/$b" ]] || have_all=false; done
reuse "$out" "$have_all" "${OMS_CONTROLPLANE_REBUILD:-}"

command -v go >/dev/null || { log "go is not installed (need Go >= the go line in $mod_dir/go.mod)"; exit 1; }

# Same version stamping as upstream hack/lib/version.sh: the apiserver's /version,
# its emulation-version checks and kubectl's version-skew warning read these.
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$k8s_version -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
done

# Build into a scratch dir and rename at the end, so an interrupted build never
# leaves a half-filled cache dir that would later be taken as complete.
scratch "$cache_root" "$k8s_version"

log "building ${binaries[*]} for k8s $k8s_version into $out (cold: see hack/README.md for measured times)"
start=$SECONDS
# Tags as upstream's release build: notest drops test-only code, grpcnotrace lets
# the linker drop x/net/trace. One `go build` for all six shares the compile work.
(cd "$mod_dir" && CGO_ENABLED=0 go build -mod=readonly -trimpath \
  -tags selinux,notest,grpcnotrace -ldflags "$ldflags" -o "$tmp/" \
  k8s.io/kubernetes/cmd/kube-apiserver \
  k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kubectl \
  k8s.io/kubernetes/cmd/kubelet \
  k8s.io/kubernetes/cmd/kube-scheduler \
  ./cmd/etcd) >&2

publish "$tmp" "$out" "${binaries[@]}"
