#!/usr/bin/env bash
# A one-node Kubernetes cluster on this machine, for running the chart's pods for real: the control plane
# of hack/controlplane.sh in node mode, plus containerd (own config, root, state and socket), a CNI bridge,
# kubelet and kube-scheduler. Needs root (cgroups, network namespaces, iptables).
#
#   hack/node.sh up     [DIR]   start; prints `export KUBECONFIG=DIR/controlplane/kubeconfig` (only that on stdout)
#   hack/node.sh down   [DIR]   stop all of it and undo every change to the machine (logs/ kept)
#   hack/node.sh status [DIR]   exit 0 if every process runs and the node is Ready
#   hack/node.sh import [DIR] ARCHIVE   import an OCI image archive into the node's containerd
#
# DIR defaults to $OMS_NODE_DIR, else <repo>/target/node. See hack/README.md ("node.sh").
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
timeout=${OMS_NODE_TIMEOUT:-90}
# Pods' bridge and addresses; the kubernetes Service IP is the one hack/controlplane.sh gives the apiserver.
bridge=oms-node0
pod_subnet=10.88.0.0/16
service_ip=10.0.0.1
chain=OMS-NODE-SERVICES
pause_image=localhost/om-secrets-operator/pause:1
# Sysctls the node changes: the bridge plugin turns on forwarding, the DNAT to 127.0.0.1 needs
# route_localnet, and the kubelet sets its kernel defaults (protectKernelDefaults is off). down restores them.
# Paths outside DIR that something of the node creates; down removes those that did not exist before up.
outside_paths=(/var/lib/cni /var/log/containers /run/containerd /run/netns /var/lib/kubelet /run/mount)
sysctls=(net/ipv4/ip_forward net/ipv4/conf/all/route_localnet vm/overcommit_memory vm/panic_on_oom kernel/panic
  kernel/panic_on_oops kernel/keys/root_maxkeys kernel/keys/root_maxbytes)

log() { echo "node: $*" >&2; }
die() { log "$*"; exit 1; }
usage() { echo "usage: $0 up|down|status [DIR] | import [DIR] ARCHIVE" >&2; exit 2; }

# ---- processes (alive, pid_of, start, wait_for, free_port: hack/lib/processes.sh) ----
source "$repo_root/hack/lib/processes.sh"

stop() {
  local name=$1 pid deadline
  pid=$(pid_of "$name")
  [[ -n $pid ]] && alive "$name" "$pid" || return 0
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + 20))
  while alive "$name" "$pid"; do
    if ((SECONDS >= deadline)); then kill -KILL "$pid" 2>/dev/null || true; fi
    sleep 0.1
  done
  deadline=$((SECONDS + 10))
  while [[ -e /proc/$pid ]] && ((SECONDS < deadline)); do sleep 0.1; done
}

kubectl_() { "$bin/kubectl" --kubeconfig "$dir/controlplane/kubeconfig" "$@"; }
ctr_() { ctr --address "$dir/containerd/containerd.sock" -n k8s.io "$@"; }

# ---- machine state that down must restore ----------------------------------------------------------------

# iptables chains of the kubelet (KUBE-*), the CNI plugins (CNI-*) and ours, in every table, for IPv4 and IPv6.
node_chains() {
  local tool=$1
  "$tool-save" 2>/dev/null | awk -v own="$chain" '/^\*/ {t = substr($1, 2)} /^:/ {c = substr($1, 2);
    if (c ~ /^(KUBE-|CNI-)/ || c == own) print t, c}'
}

save_machine_state() {
  local s
  : >"$dir/machine/sysctls"
  for s in "${sysctls[@]}"; do echo "$s $(cat "/proc/sys/$s")" >>"$dir/machine/sysctls"; done
  { node_chains iptables | sed 's/^/iptables /'; node_chains ip6tables | sed 's/^/ip6tables /'; } >"$dir/machine/chains"
  ip netns list 2>/dev/null | awk '{print $1}' >"$dir/machine/netns"
  for p in "${outside_paths[@]}"; do
    [[ -e $p ]] && echo "$p" >>"$dir/machine/existing" || true
  done
  touch "$dir/machine/existing"
}

existed() { grep -qxF "$1" "$dir/machine/existing" 2>/dev/null; }

restore_machine_state() {
  local tool table c rule ns s value entry
  # iptables: rules in any chain that jump to a node chain, then the node chains themselves (except any
  # that existed before up).
  for tool in iptables ip6tables; do
    command -v "$tool" >/dev/null || continue
    local ours=()
    while read -r table c; do
      grep -qxF "$tool $table $c" "$dir/machine/chains" 2>/dev/null || ours+=("$table $c")
    done < <(node_chains "$tool")
    ((${#ours[@]})) || continue
    for entry in "${ours[@]}"; do
      table=${entry%% *} c=${entry#* }
      while read -r rule; do
        # shellcheck disable=SC2086 # the saved rule is re-split into its words on purpose
        eval "$tool -w -t $table -D ${rule#-A }" 2>/dev/null || true
      done < <("$tool-save" -t "$table" 2>/dev/null | grep -E -- "^-A .* -j $c( |\$)" || true)
    done
    for entry in "${ours[@]}"; do "$tool" -w -t "${entry%% *}" -F "${entry#* }" 2>/dev/null || true; done
    for entry in "${ours[@]}"; do "$tool" -w -t "${entry%% *}" -X "${entry#* }" 2>/dev/null || true; done
  done
  # Network namespaces the CNI left (cni-*), then the bridge.
  while read -r ns; do
    [[ $ns == cni-* ]] && ! grep -qxF "$ns" "$dir/machine/netns" 2>/dev/null && ip netns delete "$ns" 2>/dev/null || true
  done < <(ip netns list 2>/dev/null | awk '{print $1}')
  ip link delete "$bridge" 2>/dev/null || true
  # libcni's result cache of this network (host-local's leases live under DIR).
  rm -f /var/lib/cni/results/oms-node-* 2>/dev/null || true
  existed /var/lib/cni || rm -rf /var/lib/cni
  existed /run/netns || rmdir /run/netns 2>/dev/null || true
  # The kubelet links container logs into /var/log/containers (not configurable).
  if [[ -d /var/log/containers ]]; then
    find /var/log/containers -maxdepth 1 -type l -lname "$dir/*" -delete 2>/dev/null || true
    existed /var/log/containers || rmdir /var/log/containers 2>/dev/null || true
  fi
  # Shim sockets: containerd 1.6 puts them under /run/containerd/s whatever its state dir.
  existed /run/containerd || rm -rf /run/containerd
  # The kubelet's device-plugin socket has a fixed path; unmounting may create libmount's /run/mount.
  if existed /var/lib/kubelet; then rm -f /var/lib/kubelet/device-plugins/kubelet.sock; else rm -rf /var/lib/kubelet; fi
  existed /run/mount || rmdir /run/mount 2>/dev/null || true
  # The kubelet's cgroups (cgroupfs driver): deepest first; they are empty once every container is gone.
  local cg
  for cg in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods; do
    [[ -d $cg ]] || continue
    find "$cg" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
  if [[ -f $dir/machine/sysctls ]]; then
    while read -r s value; do echo "$value" >"/proc/sys/$s" 2>/dev/null || log "could not restore $s=$value"; done \
      <"$dir/machine/sysctls"
  fi
}

# Unmounts whatever containerd and the kubelet left mounted under DIR (rootfs overlays, shm, netns), deepest first.
unmount_under_dir() {
  local m
  while read -r m; do umount -l "$m" 2>/dev/null || true; done < <(awk -v d="$dir/" 'index($2, d) == 1 {print $2}' \
    /proc/self/mounts | sort -r)
}

# ---- up ---------------------------------------------------------------------------------------------------

write_configs() {
  mkdir -p "$dir/containerd" "$dir/cni/net.d" "$dir/kubelet" "$dir/pod-logs" "$dir/volume-plugins"
  # restrict_oom_score_adj: root here may lack CAP_SYS_RESOURCE, and runc then fails every sandbox.
  # runc's state root, the opt plugin's dir and all else under DIR: nothing of containerd lands elsewhere.
  cat >"$dir/containerd/config.toml" <<EOF
version = 2
root = "$dir/containerd/root"
state = "$dir/containerd/state"
[grpc]
  address = "$dir/containerd/containerd.sock"
[ttrpc]
  address = "$dir/containerd/containerd.sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$dir/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$pause_image"
  restrict_oom_score_adj = true
  disable_hugetlb_controller = true
  tolerate_missing_hugetlb_controller = true
  disable_apparmor = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$dir/containerd/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$dir/cni/net.d"
EOF
  # ipMasq off: pods only talk to this machine. host-local keeps its leases under DIR.
  cat >"$dir/cni/net.d/10-oms-node.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "oms-node",
  "plugins": [{
    "type": "bridge", "bridge": "$bridge", "isGateway": true, "ipMasq": false, "hairpinMode": true,
    "ipam": {"type": "host-local", "dataDir": "$dir/cni/ipam", "ranges": [[{"subnet": "$pod_subnet"}]],
             "routes": [{"dst": "0.0.0.0/0"}]}
  }]
}
EOF
  # The kubelet's API on 127.0.0.1 only; x509 (the apiserver's client cert) or a token checked by the
  # apiserver. cgroup v1 is what these machines mount. Image GC off: the images were imported, not pulled.
  cat >"$dir/kubelet/config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: 127.0.0.1
port: $(free_port)
healthzBindAddress: 127.0.0.1
healthzPort: $(free_port)
readOnlyPort: 0
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
containerRuntimeEndpoint: unix://$dir/containerd/containerd.sock
podLogsDir: $dir/pod-logs
volumePluginDir: $dir/volume-plugins
makeIPTablesUtilChains: false
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $dir/controlplane/pki/ca.crt}
authorization: {mode: Webhook}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
serializeImagePulls: false
EOF
}

# The pause image: a static Go program from the wrapper module, packed and cached next to the binaries.
pause_archive() {
  local cache=$bin/pause-image.oci.tar
  if [[ ! -f $cache ]]; then
    log "building the pause image into $cache"
    (cd "$repo_root/hack/controlplane" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$dir/pause" ./cmd/pause)
    python3 "$repo_root/hack/oci-image.py" --name "$pause_image" --out "$cache" --file "$dir/pause:/pause" \
      --entrypoint /pause
    rm -f "$dir/pause"
  fi
  echo "$cache"
}

node_ready() {
  [[ $(kubectl_ get node "$node_name" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null) == True ]]
}

cmd_up() {
  [[ $EUID == 0 ]] || die "needs root (cgroups, network namespaces, iptables)"
  local t
  for t in containerd runc ctr iptables ip /usr/lib/cni/bridge /usr/lib/cni/host-local /usr/lib/cni/loopback; do
    command -v "$t" >/dev/null || die "$t missing; run (as root): hack/install-node-packages.sh"
  done
  if [[ -f $dir/pids ]]; then
    if running_and_ready; then
      log "already running in $dir; reusing it"
      echo "export KUBECONFIG=$dir/controlplane/kubeconfig"
      return 0
    fi
    log "stale or partial node in $dir; tearing it down first"
    cmd_down
  fi
  # One node per machine: the bridge, the chain and the kubelet's device-plugin socket have fixed names.
  if ip link show "$bridge" >/dev/null 2>&1 || iptables -w -t nat -S "$chain" >/dev/null 2>&1; then
    die "another node is running on this machine (bridge $bridge or chain $chain exists); stop it with: $0 down ITS-DIR"
  fi
  local started=$SECONDS
  bin=$("$repo_root/hack/build-controlplane.sh" | tail -n1)
  mkdir -p "$dir/logs" "$dir/machine"
  : >"$dir/pids"
  echo "$bin" >"$dir/bindir"
  save_machine_state
  trap 'log "up failed; tearing down what was started"; cmd_down' EXIT
  trap 'exit 130' INT TERM

  OMS_CP_NODE=1 "$repo_root/hack/controlplane.sh" up "$dir/controlplane" >/dev/null
  local api_port node_ip
  api_port=$(awk '$1 == "kube-apiserver" {print $2}' "$dir/controlplane/ports")
  node_ip=$(ip -4 -o addr show scope global | awk 'NR == 1 {sub(/\/.*/, "", $4); print $4}')
  [[ -n $node_ip ]] || die "no non-loopback IPv4 address for the node (the kubelet refuses a loopback node IP)"
  echo "$node_name" >"$dir/node-name"
  write_configs

  # In-cluster clients dial the kubernetes Service (no kube-proxy here): DNAT it to the apiserver on
  # 127.0.0.1, from this host (OUTPUT) and from pods on the bridge (PREROUTING, needs route_localnet).
  echo 1 >/proc/sys/net/ipv4/conf/all/route_localnet
  iptables -w -t nat -N "$chain"
  iptables -w -t nat -A "$chain" -d "$service_ip/32" -p tcp --dport 443 -j DNAT --to-destination "127.0.0.1:$api_port"
  iptables -w -t nat -A OUTPUT -j "$chain"
  iptables -w -t nat -A PREROUTING -j "$chain"

  start containerd "$(command -v containerd)" --config "$dir/containerd/config.toml"
  wait_for containerd "containerd's socket" ctr_ version
  ctr_ images import "$(pause_archive)" >/dev/null
  # No `grep -q` here: with pipefail its early exit can fail ctr with SIGPIPE.
  ctr_ images ls -q | grep -xF "$pause_image" >/dev/null || die "the pause image was not imported"

  start kube-scheduler "$bin/kube-scheduler" --kubeconfig="$dir/controlplane/kubeconfig" \
    --authentication-kubeconfig="$dir/controlplane/kubeconfig" --authorization-kubeconfig="$dir/controlplane/kubeconfig" \
    --authentication-skip-lookup=true --leader-elect=false --bind-address=127.0.0.1 --secure-port="$(free_port)"
  start kubelet "$bin/kubelet" --config="$dir/kubelet/config.yaml" --kubeconfig="$dir/controlplane/kubeconfig" \
    --root-dir="$dir/kubelet/root" --cert-dir="$dir/kubelet/pki" --hostname-override="$node_name" \
    --node-ip="$node_ip"
  wait_for kubelet "node $node_name Ready" node_ready
  trap - EXIT INT TERM
  log "ready in $((SECONDS - started))s: node $node_name ($node_ip), pods on $bridge ($pod_subnet), state in $dir"
  echo "export KUBECONFIG=$dir/controlplane/kubeconfig"
}

running_and_ready() {
  [[ -f $dir/bindir ]] && bin=$(<"$dir/bindir") || return 1
  local name
  for name in containerd kube-scheduler kubelet; do alive "$name" "$(pid_of "$name")" || return 1; done
  "$repo_root/hack/controlplane.sh" status "$dir/controlplane" 2>/dev/null && node_ready
}

# ---- down -------------------------------------------------------------------------------------------------

cmd_down() {
  set +e
  [[ -f $dir/bindir ]] && bin=$(<"$dir/bindir")
  # Pods first, through the API while everything still runs, so the kubelet stops them and the CNI
  # plugin releases their addresses and veths. No scheduler from here on: replacement pods stay Pending.
  stop kube-scheduler
  if [[ -n ${bin:-} ]] && alive kubelet "$(pid_of kubelet)" && kubectl_ get --raw /readyz >/dev/null 2>&1; then
    kubectl_ delete pods --all-namespaces --all --grace-period=1 --wait=false >/dev/null 2>&1
    local deadline=$((SECONDS + 60))
    while (($(kubectl_ get pods -A --field-selector spec.nodeName="$node_name" -o name 2>/dev/null | wc -l) > 0)); do
      ((SECONDS < deadline)) || { log "pods still on the node after 60s; removing their containers directly"; break; }
      sleep 0.5
    done
  fi
  stop kubelet
  # Whatever is left (a timeout, a crashed kubelet): kill each task, then delete containers and sandboxes.
  if alive containerd "$(pid_of containerd)"; then
    local id
    for id in $(ctr_ tasks ls -q 2>/dev/null); do ctr_ tasks kill -s SIGKILL "$id" >/dev/null 2>&1; done
    for id in $(ctr_ tasks ls -q 2>/dev/null); do ctr_ tasks delete -f "$id" >/dev/null 2>&1; done
    for id in $(ctr_ containers ls -q 2>/dev/null); do ctr_ containers delete "$id" >/dev/null 2>&1; done
  fi
  stop containerd
  # Shims of this containerd outlive it: they name its socket on their command line.
  local pid
  for pid in $(pgrep -f "containerd-shim-runc-v2 .*-address $dir/containerd/containerd.sock" 2>/dev/null); do
    kill -KILL "$pid" 2>/dev/null
  done
  [[ -f $dir/controlplane/pids ]] && "$repo_root/hack/controlplane.sh" down "$dir/controlplane" 2>/dev/null
  unmount_under_dir
  [[ -d $dir/machine ]] && restore_machine_state
  unmount_under_dir
  rm -rf "$dir/containerd" "$dir/cni" "$dir/kubelet" "$dir/pod-logs" "$dir/volume-plugins" "$dir/machine" \
    "$dir/pids" "$dir/bindir" "$dir/node-name"
  rmdir "$dir/controlplane/logs" "$dir/controlplane" 2>/dev/null
  log "stopped; machine state restored; logs kept in $dir/logs"
  set -e
}

cmd_status() {
  running_and_ready || die "not running (or node not Ready) in $dir"
  log "running, node $node_name Ready: $dir"
}

cmd_import() {
  local archive=$1
  [[ -f $archive ]] || die "$archive does not exist"
  running_and_ready || die "no node running in $dir"
  ctr_ images import "$archive" >&2
}

(($# >= 1)) || usage
verb=$1
shift
node_name=$(hostname)
case $verb in
  import)
    (($# == 1 || $# == 2)) || usage
    if (($# == 2)); then dir=$(realpath -m -- "$1"); shift; else dir=$(realpath -m -- "${OMS_NODE_DIR:-$repo_root/target/node}"); fi
    cmd_import "$1" ;;
  up | down | status)
    (($# <= 1)) || usage
    dir=$(realpath -m -- "${1:-${OMS_NODE_DIR:-$repo_root/target/node}}")
    bin=""
    "cmd_$verb" ;;
  *) usage ;;
esac
