# Process helpers shared by hack/controlplane.sh and hack/node.sh (sourced, not run). The caller defines
# log and die, and sets dir (its state directory, holding the pid file and logs/) and timeout (seconds).

# A pid counts as ours only if it is alive, not a zombie, and still runs the
# binary recorded for it: guards against killing an unrelated reused pid.
alive() {
  local name=$1 pid=$2 state argv0
  [[ -r /proc/$pid/stat && -r /proc/$pid/cmdline ]] || return 1
  state=$(sed -E 's/^.*\) (.).*$/\1/' "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ $state != Z && $state != X ]] || return 1
  argv0=$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | head -n1) || return 1
  [[ ${argv0##*/} == "$name" ]]
}

# The recorded pid of NAME (empty if none).
pid_of() { awk -v n="$1" '$1 == n {print $2}' "$dir/pids" 2>/dev/null; }

# start NAME BINARY ARGS...: starts a component detached (own session: a Ctrl-C in the caller's terminal
# must not kill it; nohup: neither must closing it) and records its pid at once, so `down` can clean up
# even if `up` fails half-way. In a non-interactive shell the background child is not a group leader, so
# setsid does not fork and $! is the component's own pid.
start() {
  local name=$1 binary=$2
  shift 2
  setsid nohup "$binary" "$@" >"$dir/logs/$name.log" 2>&1 </dev/null &
  echo "$name $!" >>"$dir/pids"
  log "started $name (pid $!, log $dir/logs/$name.log)"
}

# wait_for NAME DESCRIPTION CMD...: polls CMD until it succeeds, failing fast
# (with the log tail) if the component dies, or after $timeout seconds.
wait_for() {
  local name=$1 what=$2 pid deadline
  shift 2
  pid=$(pid_of "$name")
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ! alive "$name" "$pid"; then
      log "$name exited; last lines of $dir/logs/$name.log:"
      tail -n 30 "$dir/logs/$name.log" >&2 || true
      return 1
    fi
    if ((SECONDS >= deadline)); then
      log "timed out after ${timeout}s waiting for $what; last lines of $dir/logs/$name.log:"
      tail -n 30 "$dir/logs/$name.log" >&2 || true
      return 1
    fi
    sleep 0.2
  done
}

# Random free loopback port below the kernel's ephemeral range (32768+) so it
# cannot collide with outgoing connections' source ports, and not in taken_ports
# (ports chosen but not listened on yet: callers add each port they keep). Plain
# bash: a refused /dev/tcp connect means nothing listens there.
taken_ports=()
free_port() {
  local p tries=0
  while ((tries++ < 200)); do
    p=$((20000 + RANDOM % 12000))
    [[ " ${taken_ports[*]} " == *" $p "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  die "no free port found"
}
