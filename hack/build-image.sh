#!/usr/bin/env bash
# Builds, with no registry, the operator image the node tier runs, as an OCI archive for
# `ctr -n k8s.io images import`, and prints two lines on stdout: the archive's path, then the image name.
#
#   hack/build-image.sh                  # needs target/om-secrets-operator.jar (mvn -B -ntp package -DskipTests)
#   hack/build-image.sh --base           # only build (or find) the cached base; prints its path
#
# - The base is Debian 12 with Debian's Java 17 runtime (openjdk-17-jre-headless), built by mmdebstrap as
#   root from the Debian mirror and cached per recipe in
#   ${OMS_IMAGE_CACHE:-~/.cache/om-secrets-operator/image}/base-<hash>.tar (~85 s cold, ~330 MB). It stands in
#   for the Dockerfile's gcr.io/distroless/java17-debian12:nonroot: same Debian release, same Java, same
#   nonroot user 65532 (but a shell and dpkg remain).
# - On it, hack/oci-image.py adds the jar and the runtime config (USER, ENV, EXPOSE, ENTRYPOINT, CMD, LABEL)
#   read from the Dockerfile's runtime stage, and fails on any instruction there it cannot reproduce.
# - The name is the image the chart renders with its default values, so imagePullPolicy IfNotPresent
#   finds it and never pulls.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "build-image: $*" >&2; }
cache=${OMS_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/om-secrets-operator/image}
jar=target/om-secrets-operator.jar
out=target/node-image/om-secrets-operator.oci.tar
command -v mmdebstrap >/dev/null || { log "mmdebstrap missing; run (as root): hack/install-node-packages.sh"; exit 1; }

# man/doc/locale are dropped (~60 MB); openjdk's postinst needs the man1 dir to exist anyway.
mmdebstrap_args=(--mode=root --variant=apt --format=tar --include=openjdk-17-jre-headless,ca-certificates
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*'
  --dpkgopt='path-exclude=/usr/share/locale/*'
  --essential-hook='mkdir -p "$1"/usr/share/man/man1'
  --customize-hook='echo "nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin" >>"$1"/etc/passwd'
  --customize-hook='echo "nonroot:x:65532:" >>"$1"/etc/group'
  --customize-hook='install -d -o 65532 -g 65532 "$1"/home/nonroot'
  --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*'
  bookworm)
key=$(printf '%s\n' "${mmdebstrap_args[@]}" | sha256sum | cut -c1-16)
base=$cache/base-$key.tar
if [[ ! -f $base ]]; then
  mkdir -p "$cache"
  log "building the Debian 12 Java 17 base with mmdebstrap into $base (~85 s, once per recipe)"
  start=$SECONDS
  # Into a temporary name first: an interrupted build never leaves a tar that looks complete.
  mmdebstrap --quiet "${mmdebstrap_args[@]}" "$base.tmp" >&2
  mv "$base.tmp" "$base"
  log "base built in $((SECONDS - start))s"
fi
if [[ ${1:-} == --base ]]; then echo "$base"; exit 0; fi

[[ -f $jar ]] || { log "$jar missing; run: mvn -B -ntp package -DskipTests"; exit 1; }
helm=$(bash hack/install-helm.sh | tail -1)
name=$("$helm" template om-secrets-operator helm/om-secrets-operator --show-only templates/deployment.yaml |
  awk '$1 == "image:" && !found {gsub(/"/, "", $2); print $2; found = 1}')
[[ -n $name ]] || { log "cannot read the image name from the chart"; exit 1; }
mkdir -p "$(dirname "$out")"
python3 hack/oci-image.py --name "$name" --out "$out" --base "$base" --dockerfile Dockerfile --context .
log "image $name: $out"
echo "$out"
echo "$name"
