#!/usr/bin/env bash
# The README's first command: a real control plane on 127.0.0.1 (built from the Go module proxy on
# first use), the CRD and deploy/samples/ applied, the operator running against it; prints
# `kubectl get oms` and the Secrets' names and labels (never values).
#   hack/local-run.sh          run, print, tear everything down
#   hack/local-run.sh --keep   leave the control plane and the operator running (Ctrl-C stops both)
#   hack/local-run.sh --helm   the same as a user would run it: `helm install` of the chart on a real node
#                              (hack/node.sh, as root), the operator as a pod from the image built from the
#                              Dockerfile (hack/build-image.sh); with --keep the node stays up until
#                              `hack/node.sh down target/local-node`
set -euo pipefail
cd "$(dirname "$0")/.."

keep=false helm=false
for arg in "$@"; do
  case $arg in
    --keep) keep=true ;;
    --helm) helm=true ;;
    *) echo "usage: $0 [--helm] [--keep]" >&2; exit 2 ;;
  esac
done
jar=target/om-secrets-operator.jar
[[ -f $jar ]] || { echo "local-run: $jar missing; run: mvn -q -B package -DskipTests" >&2; exit 1; }

if $helm; then
  dir=$PWD/target/local-node
  $keep || trap 'status=$?; bash hack/node.sh down "$dir" >/dev/null 2>&1; exit "$status"' EXIT
  echo "Starting a node (the first run on a machine builds it and the image's base; hack/README.md has the times)..." >&2
  eval "$(bash hack/node.sh up "$dir")"
  built=$(bash hack/build-image.sh)   # the archive's path, then the image's name
  bash hack/node.sh import "$dir" "$(sed -n 1p <<<"$built")" >/dev/null
  image=$(sed -n 2p <<<"$built")
  kubectl_() { "$(cat "$dir/bindir")/kubectl" "$@"; }
  # As the chart README installs it: the operator in its own namespace, serving `openmetadata` (the default),
  # so its key ring is in no namespace it serves.
  ns=openmetadata
  for n in om-secrets-operator "$ns"; do
    kubectl_ create namespace "$n" >&2
    kubectl_ label namespace "$n" pod-security.kubernetes.io/enforce=restricted >&2
  done
  # Plain-text values are accepted here for the demo sample; the chart refuses them by default.
  "$(bash hack/install-helm.sh | tail -n1)" install om-secrets-operator helm/om-secrets-operator -n om-secrets-operator \
    --set image.repository="${image%:*}" --set policy.allowPlaintext=true --set tags.team=data-platform \
    --wait --timeout 300s >/dev/null
  kubectl_ apply -n "$ns" -f deploy/samples/ >&2
  kubectl_ wait -n "$ns" --for=condition=Ready oms --all --timeout=90s >&2
  echo
  kubectl_ get pods -n om-secrets-operator -o wide
  echo
  kubectl_ get oms -n "$ns"
  echo
  echo "Secrets written by the operator (values are never printed):"
  kubectl_ get secrets -n "$ns" -l app.kubernetes.io/managed-by=om-secrets-operator \
    -o custom-columns='NAME:.metadata.name,TYPE:.type,LABELS:.metadata.labels'
  if $keep; then
    echo
    echo "Running. export KUBECONFIG=$KUBECONFIG; stop with: hack/node.sh down $dir"
  fi
  exit 0
fi

dir=$PWD/target/local-controlplane

operator_pid=
cleanup() {
  local status=$?
  set +e # the killed operator's exit status must not abort the teardown
  if [[ -n $operator_pid ]]; then
    kill "$operator_pid" 2>/dev/null
    wait "$operator_pid" 2>/dev/null
  fi
  bash hack/controlplane.sh down "$dir" >/dev/null 2>&1
  exit "$status"
}
trap cleanup EXIT

echo "Starting the control plane (the first run on a machine compiles it; hack/README.md has the measured times)..." >&2
eval "$(OMS_CP_CRDS=crds bash hack/controlplane.sh up "$dir")"
kubectl_() { "$(cat "$dir/bindir")/kubectl" "$@"; }

kubectl_ apply -f deploy/samples/ >&2
mkdir -p target
# Plain-text values are accepted here for the demo sample; the chart refuses them by default.
OM_SM_KUBECONFIG_PATH=$KUBECONFIG OM_SM_NAMESPACE=default OM_SM_HTTP_PORT=0 OM_SM_HEALTH_PORT=0 \
  SECRET_MANAGER_TAGS='[team:data-platform]' OM_SM_ALLOW_PLAINTEXT=true OM_SM_OPERATOR_NAMESPACE=default \
  java -jar "$jar" run >target/local-run-operator.log 2>&1 &
operator_pid=$!

if ! kubectl_ wait --for=condition=Ready oms --all --timeout=90s >&2; then
  echo "local-run: resources did not become Ready; operator log: target/local-run-operator.log" >&2
  kubectl_ get oms >&2
  exit 1
fi
echo
kubectl_ get oms
echo
echo "Secrets written by the operator (values are never printed):"
kubectl_ get secrets -l app.kubernetes.io/managed-by=om-secrets-operator \
  -o custom-columns='NAME:.metadata.name,TYPE:.type,LABELS:.metadata.labels'

if $keep; then
  echo
  echo "Running. In another shell: export KUBECONFIG=$KUBECONFIG; operator log: target/local-run-operator.log"
  echo "Ctrl-C stops the operator and the control plane."
  wait "$operator_pid"
fi
