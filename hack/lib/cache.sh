# Cache helpers shared by hack/build-controlplane.sh and hack/build-peers.sh (sourced, not run). The caller
# defines log and sets start (SECONDS when it began) and an EXIT trap that removes its build dir.

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
