# Cache helpers shared by hack/build-controlplane.sh, hack/build-peers.sh and hack/build-promtool.sh (sourced, not
# run). The caller defines log and sets start (SECONDS when it began).

# reuse OUT COMPLETE REBUILD: when COMPLETE is true and REBUILD is not 1, prints OUT (the script's last line of
# stdout) and ends the script: nothing to build.
reuse() {
  if $2 && [[ $3 != 1 ]]; then
    log "cached: $1"
    echo "$1"
    exit 0
  fi
}

# scratch ROOT NAME: sets tmp to a new build dir in ROOT that the EXIT trap removes unless publish renames it.
scratch() {
  mkdir -p "$1"
  tmp=$(mktemp -d "$1/.build-$2.XXXXXX")
  # Go's module downloads are read-only.
  trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
}

# publish TMP OUT FILE...: checks that the build left each FILE executable in TMP, then renames TMP to OUT, so
# a half-built dir is never taken for a complete cache, and prints OUT (the script's last line of stdout).
publish() {
  local tmp=$1 out=$2 f
  shift 2
  for f in "$@"; do [[ -x "$tmp/$f" ]] || { log "missing $f after build"; exit 1; }; done
  rm -rf "$out"
  mv "$tmp" "$out"
  chmod 755 "$out"
  trap - EXIT
  log "built in $((SECONDS - start))s: $out"
  echo "$out"
}
