#!/usr/bin/env bash
# Makes what a release publishes, from a built jar (mvn -B -ntp package -DskipTests), into OUT_DIR
# (default target/release; emptied first), and prints the artifacts' paths:
#
#   om-secrets-operator-V.oci.tar        the image, an OCI archive built from the Dockerfile (hack/build-image.sh),
#                                        named localhost/om-secrets-operator:V; push it with e.g.
#                                        skopeo copy oci-archive:om-secrets-operator-V.oci.tar docker://REGISTRY/om-secrets-operator:V
#   om-secrets-operator-V.tgz            the Helm chart (helm package); install it with --set image.repository=REGISTRY/om-secrets-operator
#   om-secrets-operator-V.jar            the operator's jar (the seal, name and plugin commands run from it)
#   om-secrets-operator-V.jar.cdx.json   CycloneDX SBOM of what the jar bundles (target/bom.json, written by mvn package)
#   om-secrets-operator-V.image.cdx.json CycloneDX SBOM of the image's Debian packages (hack/dpkg-sbom.py)
#   SHA256SUMS                           sha256sum -c SHA256SUMS checks them all
#
# V is the chart's appVersion (the chart's version names the .tgz). OMS_IMAGE_BASE: see hack/build-image.sh.
#
#   hack/release.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "release: $*" >&2; }
out=${1:-target/release}
jar=target/om-secrets-operator.jar
jar_bom=target/bom.json
for built in "$jar" "$jar_bom"; do
  [[ -f $built ]] || { log "$built missing; run: mvn -B -ntp package -DskipTests"; exit 1; }
done
helm=${HELM:-$(bash hack/install-helm.sh | tail -1)}
version=$("$helm" show chart helm/om-secrets-operator | awk '$1 == "appVersion:" {gsub(/"/, "", $2); print $2}')
[[ -n $version ]] || { log "cannot read appVersion from helm/om-secrets-operator/Chart.yaml"; exit 1; }
# The jar's version is the pom's; a -SNAPSHOT of the same release is accepted, another release is not.
jar_version=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["metadata"]["component"]["version"])' \
  "$jar_bom")
[[ $jar_version == "$version" || $jar_version == "$version"-SNAPSHOT ]] ||
  { log "the jar is version $jar_version (pom.xml) but the chart's appVersion is $version: make them agree"; exit 1; }

rm -rf "$out"
mkdir -p "$out"
name=om-secrets-operator-$version
image=$(bash hack/build-image.sh --out "$out/$name.oci.tar" | tail -1)
python3 hack/dpkg-sbom.py --name om-secrets-operator --version "$version" "$out/$name.oci.tar" >"$out/$name.image.cdx.json"
"$helm" package helm/om-secrets-operator --destination "$out" >&2
cp "$jar" "$out/$name.jar"
cp "$jar_bom" "$out/$name.jar.cdx.json"
(cd "$out" && sha256sum -- *.tar *.tgz *.jar *.json >SHA256SUMS)
log "image $image; artifacts in $out"
find "$out" -maxdepth 1 -type f | sort
