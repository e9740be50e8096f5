# The operator's class-data archive (sourced, not run): the classes of src/main/cds/operator.classlist, parsed and
# verified once by `java -Xshare:dump`, then mapped by every start (`-XX:SharedArchiveFile`). An archive is valid only
# for the JVM build that dumped it and the jar (path, size and mtime) it was dumped for; a JVM ignores one that does
# not match. The Dockerfile's `cds` stage dumps the image's; hack/build-image.sh does the same with its base's Java.

# cds_dump JAR ARCHIVE JAVA...: dumps ARCHIVE for JAR with the command JAVA... (a java binary, or one run in a chroot,
# with JAR, ARCHIVE and the class list given as that java sees them: CDS_CLASSLIST, default the source tree's), then
# fails unless that java maps it.
cds_dump() {
  local jar=$1 archive=$2
  shift 2
  local classlist=${CDS_CLASSLIST:-src/main/cds/operator.classlist} output
  # A class the list names that this jar or JDK lacks is skipped with a warning: shown only if the dump fails.
  output=$("$@" -Xshare:dump -XX:SharedClassListFile="$classlist" -XX:SharedArchiveFile="$archive" -cp "$jar" 2>&1) ||
    { echo "$output" >&2; return 1; }
  "$@" -Xshare:on -XX:SharedArchiveFile="$archive" -jar "$jar" --version >/dev/null
}

# cds_for_bench JAR: the archive a benchmark's forked operator maps (JAR with .jsa for .jar, for the java on PATH, as
# the image's entrypoint maps its own), dumped again when older than JAR.
cds_for_bench() {
  local jar=$1 archive=${1%.jar}.jsa
  if [[ ! -f $archive || $archive -ot $jar ]]; then
    rm -f "$archive"
    cds_dump "$jar" "$archive" java
  fi
}
