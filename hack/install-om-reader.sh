#!/usr/bin/env bash
# Installs OpenMetadata's own Python secrets reader (openmetadata-ingestion from PyPI, with exactly
# the packages its import chain needs: hack/om-reader/requirements.txt) into a cached venv, for the
# interoperability test (OpenMetadataReaderIT) and hack/om-reader/read-secrets.py.
#
# Usage: hack/install-om-reader.sh            # prints the venv's python as its last stdout line
# Env:   OMS_OM_READER_CACHE (default ~/.cache/om-secrets-operator/om-reader)
#        OMS_PYTHON          (default python3; 3.10 or newer, with the venv module)
# A venv is reused when it was completed from the same requirements.txt and Python; an
# interrupted install is thrown away and redone.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
requirements="$here/om-reader/requirements.txt"
version="$(sed -n 's/^openmetadata-ingestion==//p' "$requirements")"
cache="${OMS_OM_READER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/om-secrets-operator/om-reader}"
venv="$cache/$version"
python_cmd="${OMS_PYTHON:-python3}"

fail() { echo "install-om-reader.sh: $*" >&2; exit 1; }

command -v "$python_cmd" >/dev/null 2>&1 || fail "'$python_cmd' not found: Python 3.10 or newer is required (apt-get install -y python3 python3-venv)"
"$python_cmd" -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
  || fail "$("$python_cmd" --version 2>&1) is too old: openmetadata-ingestion $version needs Python 3.10 or newer"
"$python_cmd" -c 'import venv, ensurepip' 2>/dev/null \
  || fail "'$python_cmd' has no venv/ensurepip module (apt-get install -y python3-venv)"

# What the venv was built from; a different list or interpreter means a rebuild.
stamp_text="$(sha256sum "$requirements" | cut -d' ' -f1) $("$python_cmd" -c 'import sys; print(sys.version)' | head -1)"
stamp="$venv/.om-reader-complete"

mkdir -p "$cache"
# Two test runs on one machine must not build the same venv at once.
exec 9>"$cache/.lock"
flock 9

if [[ -f "$stamp" && "$(cat "$stamp")" == "$stamp_text" && -x "$venv/bin/python" ]]; then
  echo "$venv/bin/python"
  exit 0
fi

start=$SECONDS
echo "installing openmetadata-ingestion $version into $venv" >&2
rm -rf "$venv"
"$python_cmd" -m venv "$venv"
# --no-deps: requirements.txt is the complete, pinned closure (see its header for why).
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --no-deps \
  -r "$requirements" >&2
# The check the test relies on: the reader, the factory and CustomSecretStr import. This also
# compiles the package's bytecode once here rather than in the first test.
"$venv/bin/python" -W ignore -c '
import metadata.utils.secrets.kubernetes_secrets_manager
import metadata.utils.secrets.secrets_manager_factory
import metadata.ingestion.models.custom_pydantic
' >&2 || fail "the installed reader does not import; see the error above"
echo "$stamp_text" >"$stamp"
echo "openmetadata-ingestion $version installed in $((SECONDS - start))s" >&2

echo "$venv/bin/python"
