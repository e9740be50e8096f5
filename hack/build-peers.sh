#!/usr/bin/env bash
# Builds the peers of the peer benchmark (hack/bench-peers.sh) from the Go module proxy into a per-version
# cache dir, and prints that dir as the last line of stdout:
#
#   dir=$(hack/build-peers.sh | tail -1)
#
# It holds:
#   sealed-secrets-controller, kubeseal, seal-many   Bitnami sealed-secrets v0.40.0 (hack/peers/sealed-secrets:
#                                                    a wrapper module, since the release's go.mod names another path)
#   external-secrets                                 External Secrets Operator v0.16.2, a copy of the module whose
#                                                    provider list is cut to `fake` (hack/peers/external-secrets)
#   crds/sealed-secrets, crds/external-secrets       their CRDs, from the same module sources
# When everything is already there it returns at once (OMS_PEERS_REBUILD=1 rebuilds). Progress goes to stderr.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ss_version=v0.40.0
eso_version=v0.16.2
cache_root=${OMS_PEERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/om-secrets-operator/peers}
out="$cache_root/sealed-secrets-$ss_version-eso-$eso_version"
files=(sealed-secrets-controller kubeseal seal-many external-secrets)

log() { echo "build-peers: $*" >&2; }
# shellcheck source=lib/cache.sh
source "$here/lib/cache.sh"

have_all=true
for f in "${files[@]}"; do [[ -x "$out/$f" ]] || have_all=false; done
[[ -d "$out/crds/sealed-secrets" && -d "$out/crds/external-secrets" ]] || have_all=false
reuse "$out" "$have_all" "${OMS_PEERS_REBUILD:-}"
command -v go >/dev/null || { log "go is not installed"; exit 1; }

# Built into a scratch dir and renamed at the end, so an interrupted build never looks complete.
scratch "$cache_root" peers
start=$SECONDS

log "sealed-secrets $ss_version: controller, kubeseal, seal-many"
(cd "$here/peers/sealed-secrets" && go build -mod=readonly -trimpath -ldflags "-s -w" -o "$tmp/" \
  github.com/bitnami/sealed-secrets/cmd/controller github.com/bitnami/sealed-secrets/cmd/kubeseal ./cmd/seal-many) >&2
mv "$tmp/controller" "$tmp/sealed-secrets-controller"
ss_src=$(cd "$here/peers/sealed-secrets" && go list -mod=readonly -m -f '{{.Dir}}' github.com/bitnami/sealed-secrets)
mkdir -p "$tmp/crds/sealed-secrets"
cp "$ss_src/helm/sealed-secrets/crds/"*.yaml "$tmp/crds/sealed-secrets/"

log "external-secrets $eso_version: a copy with only the fake provider registered, and a lock in it"
eso_src=$(cd "$tmp" && GOFLAGS=-mod=mod go mod download -json "github.com/external-secrets/external-secrets@$eso_version" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
cp -r "$eso_src" "$tmp/eso-src"
chmod -R u+w "$tmp/eso-src"
cp "$here/peers/external-secrets/register.go" "$tmp/eso-src/pkg/provider/register/register.go"
patch -s -d "$tmp/eso-src" -p1 <"$here/peers/external-secrets/fake-provider-lock.patch"
# Its own go.mod and go.sum, untouched: the release's dependency versions.
(cd "$tmp/eso-src" && go build -mod=readonly -trimpath -ldflags "-s -w" -o "$tmp/external-secrets" .) >&2
mkdir -p "$tmp/crds/external-secrets"
cp "$tmp/eso-src/config/crds/bases/"*.io_*.yaml "$tmp/crds/external-secrets/"  # not its kustomization.yaml
rm -rf "$tmp/eso-src"

publish "$tmp" "$out" "${files[@]}"
