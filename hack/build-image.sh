#!/usr/bin/env bash
# Builds, with no registry and no Docker engine, the operator image from the Dockerfile as an OCI archive, and
# prints two lines on stdout: the archive's path, then the image name.
#
#   hack/build-image.sh [--repository REPO] [--out ARCHIVE]
#       needs target/om-secrets-operator.jar (mvn -B -ntp package -DskipTests); the image is named
#       REPO:<the chart's appVersion>, REPO by default localhost/om-secrets-operator, and written to ARCHIVE
#       (default target/node-image/om-secrets-operator.oci.tar)
#   hack/build-image.sh --base            only build (or find) the cached base; prints its path
#
# The archive goes to a registry with `skopeo copy oci-archive:ARCHIVE docker://REGISTRY/om-secrets-operator:TAG`,
# into containerd with `ctr -n k8s.io images import ARCHIVE` (under the name above), or into Docker with
# `docker load -i ARCHIVE`.
#
# - The base is Debian 12 with Debian's Java 17 runtime (openjdk-17-jre-headless), built by mmdebstrap as
#   root from the Debian mirror and cached per recipe in
#   ${OMS_IMAGE_CACHE:-~/.cache/om-secrets-operator/image}/base-<hash>.tar (~85 s cold, ~330 MB). It stands in
#   for the Dockerfile's gcr.io/distroless/java17-debian12:nonroot: same Debian release, same Java, same
#   nonroot user 65532 (but a shell and dpkg remain). OMS_IMAGE_BASE=ROOTFS.tar builds on that instead (the
#   release test uses a small one).
# - The class-data archive the Dockerfile's `cds` stage dumps is dumped the same way (hack/lib/cds.sh): by the base's
#   own Java, in a chroot into the base with the jar where the image holds it (as root: the chroot and its /proc). As
#   another user, or on a base without Java (OMS_IMAGE_BASE), the image is built without it and says so; the JVM then
#   loads every class from the jar, as it does with an archive that does not match.
# - On it, hack/oci-image.py adds the jar, the archive and the runtime config (USER, ENV, EXPOSE, ENTRYPOINT, CMD, LABEL)
#   read from the Dockerfile's runtime stage, and fails on any instruction there it cannot reproduce.
# - The name is the image the chart renders with image.repository=REPO, so a node that imported the archive
#   runs it with imagePullPolicy IfNotPresent and never pulls. localhost/ because a name without a registry
#   means Docker Hub's library/ to the kubelet, and this image is not there.
set -euo pipefail
cd "$(dirname "$0")/.."
source hack/lib/cds.sh

log() { echo "build-image: $*" >&2; }
cache=${OMS_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/om-secrets-operator/image}
jar=target/om-secrets-operator.jar
out=target/node-image/om-secrets-operator.oci.tar
repository=localhost/om-secrets-operator
base_only=false
while (($#)); do
  case $1 in
    --base) base_only=true; shift ;;
    --repository) repository=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) log "usage: $0 [--repository REPO] [--out ARCHIVE] | --base"; exit 2 ;;
  esac
done

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
base=${OMS_IMAGE_BASE:-$cache/base-$key.tar}
if [[ ! -f $base ]]; then
  command -v mmdebstrap >/dev/null || { log "mmdebstrap missing; run (as root): hack/install-node-packages.sh"; exit 1; }
  mkdir -p "$cache"
  log "building the Debian 12 Java 17 base with mmdebstrap into $base (~85 s, once per recipe)"
  start=$SECONDS
  # Into a temporary name first: an interrupted build never leaves a tar that looks complete.
  mmdebstrap --quiet "${mmdebstrap_args[@]}" "$base.tmp" >&2
  mv "$base.tmp" "$base"
  log "base built in $((SECONDS - start))s"
fi
if $base_only; then echo "$base"; exit 0; fi

[[ -f $jar ]] || { log "$jar missing; run: mvn -B -ntp package -DskipTests"; exit 1; }
helm=$(bash hack/install-helm.sh | tail -1)
name=$("$helm" template om-secrets-operator helm/om-secrets-operator --show-only templates/deployment.yaml \
    --set image.repository="$repository" |
  awk '$1 == "image:" && !found {gsub(/"/, "", $2); print $2; found = 1}')
[[ -n $name ]] || { log "cannot read the image name from the chart"; exit 1; }
mkdir -p "$(dirname "$out")"
# Where the Dockerfile's cds stage writes it, relative to its WORKDIR /build (the build context's root here).
archive=target/image/om-secrets-operator.jsa
rm -f "$archive"
absent=()
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
[[ $(id -u) == 0 ]] && tar -xf "$base" -C "$root"
if [[ -L $root/usr/bin/java || -f $root/usr/bin/java ]]; then
  install -D -m 644 "$jar" "$root/app/om-secrets-operator.jar"
  touch -d @0 "$root/app/om-secrets-operator.jar"   # the layer's mtime (hack/oci-image.py)
  install -D -m 644 src/main/cds/operator.classlist "$root/build/operator.classlist"
  # The base's java needs /proc (its launcher finds its libraries through /proc/self/exe).
  in_base() { unshare -m --propagation private sh -c 'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"' "$root" "$@"; }
  CDS_CLASSLIST=/build/operator.classlist cds_dump /app/om-secrets-operator.jar /build/om-secrets-operator.jsa \
    in_base /usr/bin/java
  mkdir -p "$(dirname "$archive")"
  mv "$root/build/om-secrets-operator.jsa" "$archive"
  log "class-data archive: $archive ($(du -m "$archive" | cut -f1) MB), dumped by the base's Java"
else
  log "no class-data archive in this image: dumping it needs root and a base with Java; the JVM loads every class from the jar"
  absent=(--absent /app/om-secrets-operator.jsa)
fi
python3 hack/oci-image.py --name "$name" --out "$out" --base "$base" --dockerfile Dockerfile --context . "${absent[@]}"
log "image $name: $out"
echo "$out"
echo "$name"
