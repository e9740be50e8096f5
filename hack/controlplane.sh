#!/usr/bin/env bash
# Runs a real, node-less Kubernetes control plane (etcd + kube-apiserver +
# kube-controller-manager) on 127.0.0.1 for integration tests.
#
#   hack/controlplane.sh up     [DIR]   start (or reuse) and print `export KUBECONFIG=DIR/kubeconfig`
#   hack/controlplane.sh down   [DIR]   stop every process it started, wait until gone, delete state
#   hack/controlplane.sh env    [DIR]   print `export KUBECONFIG=DIR/kubeconfig`
#   hack/controlplane.sh status [DIR]   exit 0 if running and ready
#
# OMS_CP_NODE=1 starts it ready for a node (hack/node.sh): ServiceAccount admission on, a kubelet client
# cert, and the controllers that pods need.
#
# DIR defaults to $OMS_CP_DIR, else <repo>/target/controlplane. Only the export
# line goes to stdout, so `eval "$(hack/controlplane.sh up)"` works. See hack/README.md.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
components=(etcd kube-apiserver kube-controller-manager)
# The `kubernetes` Service's ClusterIP: first address of --service-cluster-ip-range.
service_ip=10.0.0.1
timeout=${OMS_CP_TIMEOUT:-60}

log() { echo "controlplane: $*" >&2; }
die() { log "$*"; exit 1; }

source "$repo_root/hack/lib/processes.sh"

usage() {
  echo "usage: $0 up|down|env|status [DIR]   (DIR default: \$OMS_CP_DIR or $repo_root/target/controlplane)" >&2
  exit 2
}

# ---- pid bookkeeping ---------------------------------------------------------

# Prints "name pid" lines of the pid file (empty if none).
read_pids() { if [[ -f $dir/pids ]]; then cat "$dir/pids"; fi; }

all_alive() {
  local name pid n=0
  while read -r name pid; do
    alive "$name" "$pid" || return 1
    n=$((n + 1))
  done < <(read_pids)
  ((n == ${#components[@]}))
}

stop_all() {
  local name pid entry e deadline killed=false pids=()
  # Stop in reverse start order: controller-manager, apiserver, then etcd.
  while read -r name pid; do
    if alive "$name" "$pid"; then pids=("$name:$pid" "${pids[@]}"); fi
  done < <(read_pids)
  for entry in "${pids[@]}"; do
    log "stopping ${entry%%:*} (pid ${entry##*:})"
    kill -TERM "${entry##*:}" 2>/dev/null || true
  done
  # Wait until really gone, so a following `up` or a CI leak check sees nothing.
  deadline=$((SECONDS + 20))
  for entry in "${pids[@]}"; do
    while alive "${entry%%:*}" "${entry##*:}"; do
      if ((SECONDS >= deadline)) && ! $killed; then
        log "still running after 20s, sending SIGKILL"
        for e in "${pids[@]}"; do kill -KILL "${e##*:}" 2>/dev/null || true; done
        killed=true
      fi
      sleep 0.1
    done
  done
  # The daemons are orphans, so init reaps them; some inits (e.g. in sandboxes)
  # only do so every few seconds and `pgrep -f kube-apiserver` still lists the
  # zombie until then. Wait a bit so leak checks right after `down` are clean.
  deadline=$((SECONDS + 10))
  for entry in "${pids[@]}"; do
    while [[ -e /proc/${entry##*:} ]] && ((SECONDS < deadline)); do sleep 0.1; done
  done
}

# ---- helpers ---------------------------------------------------------------

kubectl_() { "$bin/kubectl" --kubeconfig "$dir/kubeconfig" "$@"; }

tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Deletes everything `up` created except logs/, which are kept for post-mortems
# (they are truncated by the next `up`).
remove_state() {
  local d=${dir:?}
  rm -rf "$d/etcd-data" "$d/pki" "$d/kubeconfig" "$d/pids" "$d/ports" "$d/tokens.csv" "$d/bindir" "$d/mode"
}

# Binaries of a running plane: recorded by `up`, so status/reuse never trigger a build.
recorded_bin() { [[ -f $dir/bindir ]] && bin=$(<"$dir/bindir"); [[ -n $bin && -x $bin/kubectl ]]; }

running_and_ready() { recorded_bin && all_alive && kubectl_ get --raw /readyz >/dev/null 2>&1; }

# "node" when started with OMS_CP_NODE=1, else "plain"; a running plane is reused only in the same mode.
wanted_mode() { if [[ ${OMS_CP_NODE:-} == 1 ]]; then echo node; else echo plain; fi; }
recorded_mode() { cat "$dir/mode" 2>/dev/null || echo plain; }

gen_pki() {
  local pki=$dir/pki
  mkdir -p "$pki"
  (
    cd "$pki"
    # Own CA instead of the apiserver's self-signed cert dir: clients get a real
    # CA to verify against, and the same serving cert is reused for the KCM.
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
      -keyout ca.key -out ca.crt -subj "/CN=om-secrets-operator-controlplane-ca" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -sha256 -keyout serving.key -out serving.csr \
      -subj "/CN=127.0.0.1" 2>/dev/null
    openssl x509 -req -in serving.csr -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 3650 \
      -out serving.crt -extfile <(printf '%s\n' \
        "subjectAltName=IP:127.0.0.1,DNS:localhost,IP:$service_ip,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local" \
        "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth") 2>/dev/null
    # Service-account token signing key: makes TokenRequest / `kubectl create token` work.
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    # The apiserver's identity towards a kubelet (logs, exec, the pod proxy).
    if [[ $(wanted_mode) == node ]]; then
      openssl req -newkey rsa:2048 -nodes -sha256 -keyout kubelet-client.key -out kubelet-client.csr \
        -subj "/O=system:masters/CN=kube-apiserver-kubelet-client" 2>/dev/null
      openssl x509 -req -in kubelet-client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 3650 \
        -out kubelet-client.crt -extfile <(printf '%s\n' "keyUsage=critical,digitalSignature,keyEncipherment" \
        "extendedKeyUsage=clientAuth") 2>/dev/null
      rm -f kubelet-client.csr
    fi
    rm -f serving.csr ca.srl
  )
  chmod 600 "$pki"/*.key
}

write_kubeconfig() {
  local port=$1 token=$2
  cat >"$dir/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: om-secrets-operator-cp
  cluster:
    server: https://127.0.0.1:$port
    certificate-authority-data: $(base64 -w0 <"$dir/pki/ca.crt")
users:
- name: admin
  user:
    token: $token
contexts:
- name: om-secrets-operator-cp
  context:
    cluster: om-secrets-operator-cp
    user: admin
current-context: om-secrets-operator-cp
EOF
  chmod 600 "$dir/kubeconfig"
}

apply_crds() {
  [[ -n ${OMS_CP_CRDS:-} ]] || return 0
  [[ -e $OMS_CP_CRDS ]] || die "OMS_CP_CRDS=$OMS_CP_CRDS does not exist"
  log "applying CRDs from $OMS_CP_CRDS"
  # Server-side apply: no last-applied annotation, which large CRDs overflow.
  kubectl_ apply --server-side --force-conflicts -f "$OMS_CP_CRDS" >&2
  kubectl_ wait --for condition=established crd --all --timeout="${timeout}s" >&2
}

# ---- commands ----------------------------------------------------------------

cmd_up() {
  if [[ -f $dir/pids ]]; then
    if running_and_ready && [[ $(recorded_mode) == $(wanted_mode) ]]; then
      log "already running in $dir; reusing it"
      # The controller-manager only rediscovers resources every 30 s, so CRDs
      # applied to a running plane reach its garbage collector late.
      [[ -z ${OMS_CP_CRDS:-} ]] || { log "warning: CRDs applied to an already running control plane"; apply_crds; }
      echo "export KUBECONFIG=$dir/kubeconfig"
      return 0
    fi
    log "stale or partial control plane in $dir; cleaning it up first"
    stop_all
    remove_state
  fi

  local started=$SECONDS
  if [[ -n ${OMS_CP_BIN_DIR:-} ]]; then
    bin=$OMS_CP_BIN_DIR
  else
    bin=$("$repo_root/hack/build-controlplane.sh" | tail -n1)
  fi
  local c
  for c in kubectl "${components[@]}"; do
    [[ -x $bin/$c ]] || die "$bin/$c missing (run hack/build-controlplane.sh)"
  done

  mkdir -p "$dir/logs"
  : >"$dir/pids"
  echo "$bin" >"$dir/bindir"
  wanted_mode >"$dir/mode"
  # Any failure (or Ctrl-C) from here on tears down what was started; logs are kept.
  trap 'log "up failed; stopping what was started"; stop_all; remove_state' EXIT
  trap 'exit 130' INT TERM
  local etcd_client etcd_peer api_port kcm_port token
  etcd_client=$(free_port) && taken_ports+=("$etcd_client")
  etcd_peer=$(free_port) && taken_ports+=("$etcd_peer")
  api_port=$(free_port) && taken_ports+=("$api_port")
  kcm_port=$(free_port) && taken_ports+=("$kcm_port")
  printf 'etcd-client %s\netcd-peer %s\nkube-apiserver %s\nkube-controller-manager %s\n' \
    "$etcd_client" "$etcd_peer" "$api_port" "$kcm_port" >"$dir/ports"

  gen_pki
  token=$(openssl rand -hex 32)
  # Static admin identity: system:masters bypasses RBAC, everyone else is checked.
  echo "$token,admin,admin,system:masters" >"$dir/tokens.csv"
  chmod 600 "$dir/tokens.csv"
  echo "$token" >"$dir/pki/admin.token"
  write_kubeconfig "$api_port" "$token"

  # No fsync: test data is throw-away and fsync dominates etcd latency on CI disks.
  start etcd "$bin/etcd" --name=cp --data-dir="$dir/etcd-data" \
    --listen-client-urls="http://127.0.0.1:$etcd_client" --advertise-client-urls="http://127.0.0.1:$etcd_client" \
    --listen-peer-urls="http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls="http://127.0.0.1:$etcd_peer" \
    --initial-cluster="cp=http://127.0.0.1:$etcd_peer" --unsafe-no-fsync --log-level=warn
  wait_for etcd "etcd on port $etcd_client" tcp_open "$etcd_client"

  # Without a node, ServiceAccount admission is disabled: it would require each namespace's
  # `default` SA, which only the (absent) serviceaccount controller creates. With a node it is on
  # (it mounts the token pods use), the serviceaccount controller runs, and the apiserver reaches the
  # kubelet by hostname (which must resolve to a local address; the kubelet listens on 127.0.0.1).
  # endpoint-reconciler none: no endpoints are published for 10.0.0.1; hack/node.sh DNATs it instead.
  local mode_flags=(--disable-admission-plugins=ServiceAccount)
  local controllers=garbage-collector-controller,namespace-controller kcm_mode_flags=()
  if [[ $(wanted_mode) == node ]]; then
    mode_flags=(--kubelet-client-certificate="$dir/pki/kubelet-client.crt"
      --kubelet-client-key="$dir/pki/kubelet-client.key" --kubelet-preferred-address-types=Hostname)
    # Each pod needs: its namespace's `default` SA (serviceaccount), kube-root-ca.crt for the token
    # volume's ca.crt (root-ca publisher), the not-ready taint lifted (node-lifecycle), Deployments.
    controllers+=,node-lifecycle-controller,serviceaccount-controller,root-ca-certificate-publisher-controller
    controllers+=,deployment-controller,replicaset-controller,pod-garbage-collector-controller
    kcm_mode_flags=(--root-ca-file="$dir/pki/ca.crt")
  fi
  start kube-apiserver "$bin/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$etcd_client" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$api_port" \
    --tls-cert-file="$dir/pki/serving.crt" --tls-private-key-file="$dir/pki/serving.key" \
    --client-ca-file="$dir/pki/ca.crt" \
    --token-auth-file="$dir/tokens.csv" \
    --authorization-mode=RBAC \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$dir/pki/sa.pub" \
    --service-account-signing-key-file="$dir/pki/sa.key" \
    --service-cluster-ip-range="${service_ip%.*}.0/24" \
    --endpoint-reconciler-type=none \
    "${mode_flags[@]}" \
    --profiling=false
  wait_for kube-apiserver "kube-apiserver /readyz" kubectl_ get --raw /readyz

  # CRDs must exist before the controller-manager starts: its garbage collector
  # discovers resource types at start and then only every 30 s.
  apply_crds

  # The KCM serves /healthz on a random port (with the same CA-signed cert) only
  # so that `up` can tell when it is up; it authenticates probes via the apiserver
  # (TokenReview). skip-lookup: the apiserver has no requestheader CA for the KCM
  # to read from kube-system/extension-apiserver-authentication (log spam only).
  start kube-controller-manager "$bin/kube-controller-manager" \
    --kubeconfig="$dir/kubeconfig" \
    --authentication-kubeconfig="$dir/kubeconfig" --authorization-kubeconfig="$dir/kubeconfig" \
    --authentication-skip-lookup=true \
    --controllers="$controllers" "${kcm_mode_flags[@]}" \
    --leader-elect=false --use-service-account-credentials=false \
    --bind-address=127.0.0.1 --secure-port="$kcm_port" \
    --tls-cert-file="$dir/pki/serving.crt" --tls-private-key-file="$dir/pki/serving.key" \
    --profiling=false
  wait_for kube-controller-manager "kube-controller-manager /healthz" \
    kubectl_ --server="https://127.0.0.1:$kcm_port" get --raw /healthz
  trap - EXIT INT TERM

  log "ready in $((SECONDS - started))s: apiserver https://127.0.0.1:$api_port, state in $dir"
  echo "export KUBECONFIG=$dir/kubeconfig"
}

cmd_down() {
  stop_all
  remove_state
  # Drop the dir itself when only (empty) leftovers remain.
  rmdir "$dir/logs" "$dir" 2>/dev/null || true
  log "stopped; state removed from $dir (logs/ kept)"
}

cmd_env() {
  [[ -f $dir/kubeconfig ]] || log "warning: $dir/kubeconfig does not exist (run: $0 up)"
  echo "export KUBECONFIG=$dir/kubeconfig"
}

cmd_status() {
  running_and_ready || die "not running (or not ready) in $dir"
  log "running and ready: $dir"
}

(($# >= 1 && $# <= 2)) || usage
dir=$(realpath -m -- "${2:-${OMS_CP_DIR:-$repo_root/target/controlplane}}")
bin=""
case $1 in
  up) cmd_up ;;
  down) cmd_down ;;
  env) cmd_env ;;
  status) cmd_status ;;
  *) usage ;;
esac
