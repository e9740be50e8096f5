#!/usr/bin/env bash
# End-to-end check of hack/controlplane.sh: starts a throw-away control plane in
# a temp dir (with a CRD pre-installed via OMS_CP_CRDS), exercises what the
# operator's tests rely on, tears it down and checks that no process is left.
#
#   hack/controlplane-smoke.sh        (builds the binaries first if not cached)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
dir=$work/cp
passed=0 failed=0

log() { echo "smoke: $*" >&2; }
ok() { passed=$((passed + 1)); log "ok   - $*"; }
fail() { failed=$((failed + 1)); log "FAIL - $*"; }
# check DESCRIPTION CMD...: records CMD's success or failure.
check() {
  local desc=$1
  shift
  if "$@"; then ok "$desc"; else fail "$desc"; fi
}
cleanup() { "$here/controlplane.sh" down "$dir" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

cat >"$work/crd.yaml" <<'EOF'
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.smoke.example.com
spec:
  group: smoke.example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-validations:
            - rule: "self.replicas <= self.maxReplicas"
              message: "replicas must not exceed maxReplicas"
            properties:
              replicas: {type: integer}
              maxReplicas: {type: integer}
EOF

t0=$SECONDS
up_out=$(OMS_CP_CRDS="$work/crd.yaml" "$here/controlplane.sh" up "$dir")
log "up took $((SECONDS - t0))s"
eval "$(tail -n1 <<<"$up_out")"
bin=$(<"$dir/bindir")
k() { "$bin/kubectl" "$@"; }

# Poll CMD for up to N seconds.
eventually() {
  local n=$1 deadline
  shift
  deadline=$((SECONDS + n))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}
gone() { ! k "$@" >/dev/null 2>&1; }

server_version=$(k version -o json | sed -n 's/.*"gitVersion": "\(v[^"]*\)".*/\1/p' | tail -n1)
check "server reports version '$server_version'" [ "${server_version#v1.}" != "$server_version" ]

check "create namespace" k create namespace smoke
check "create serviceaccount" k -n smoke create serviceaccount robot
token=$(k -n smoke create token robot --duration=10m 2>/dev/null || true)
check "kubectl create token (TokenRequest)" [ "${token//[^.]/}" = ".." ]

# CEL validation from the pre-installed CRD.
if out=$(k -n smoke apply -f - 2>&1 <<'EOF'
apiVersion: smoke.example.com/v1
kind: Widget
metadata: {name: bad}
spec: {replicas: 5, maxReplicas: 3}
EOF
); then fail "CEL rule did not reject bad object"; else
  check "CEL rule rejects bad object ($out)" grep -q "replicas must not exceed maxReplicas" <<<"$out"
fi
check "valid custom resource accepted" k -n smoke apply -f - <<'EOF'
apiVersion: smoke.example.com/v1
kind: Widget
metadata: {name: good}
spec: {replicas: 1, maxReplicas: 3}
EOF

# Garbage collection: a ConfigMap and a Widget (CRD known to the KCM at start)
# owned by a ConfigMap must disappear after the owner is deleted.
k -n smoke create configmap owner >/dev/null
uid=$(k -n smoke get configmap owner -o jsonpath='{.metadata.uid}')
k -n smoke apply -f - >/dev/null <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: dependent
  ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: owner, uid: "$uid"}]
---
apiVersion: smoke.example.com/v1
kind: Widget
metadata:
  name: dependent
  ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: owner, uid: "$uid"}]
spec: {replicas: 1, maxReplicas: 1}
EOF
t0=$SECONDS
k -n smoke delete configmap owner >/dev/null
check "GC removes dependent ConfigMap within 30s" eventually 30 gone -n smoke get configmap dependent
check "GC removes dependent Widget (CR) within 30s" eventually 30 gone -n smoke get widget dependent
log "garbage collection took $((SECONDS - t0))s"

# RBAC: the SA token is authenticated but denied until a RoleBinding grants access.
can_i=$(k auth can-i list secrets -n smoke --token="$token" 2>/dev/null || true)
check "RBAC denies unprivileged token (can-i: $can_i)" [ "$can_i" = no ]
check "unprivileged get secrets forbidden" gone -n smoke get secrets --token="$token"
k -n smoke create role secret-reader --verb=get,list --resource=secrets >/dev/null
k -n smoke create rolebinding robot-reads --role=secret-reader --serviceaccount=smoke:robot >/dev/null
check "RBAC grant takes effect" eventually 10 k -n smoke get secrets --token="$token"

# Namespace controller: deleting a namespace finalizes and removes it.
t0=$SECONDS
k delete namespace smoke --wait=false >/dev/null
check "namespace controller deletes namespace within 60s" eventually 60 gone get namespace smoke
log "namespace deletion took $((SECONDS - t0))s"

"$here/controlplane.sh" down "$dir"
leftover=$(pgrep -af -- "$dir" || true)
check "no processes left after down ($leftover)" [ -z "$leftover" ]
check "state removed" [ ! -e "$dir/etcd-data" ]

echo "$passed passed, $failed failed"
((failed == 0))
