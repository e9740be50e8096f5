"""Reads Secrets with OpenMetadata's own Python reader, configured the way ingestion configures it.

Usage (with the python that hack/install-om-reader.sh prints):
  KUBERNETES_NAMESPACE=ns KUBERNETES_KUBECONFIG_PATH=kubeconfig [KUBERNETES_IN_CLUSTER=false] \
    python hack/om-reader/read-secrets.py NAME...

Prints one JSON object on stdout:
  {"openmetadataIngestion": "<installed version>",
   "secrets": {NAME: {"value": <base64 of the UTF-8 bytes get_string_value returned, or null for no value>,
                      "error": <exception class, only when get_string_value raised>,
                      "secretStr": <base64 of what a `secret:NAME` CustomSecretStr resolves to>}}}
It prints the values it reads (base64): it is a test tool, not for production credentials.
"""

import base64
import contextlib
import importlib.metadata
import json
import sys
import warnings


def b64(text):
    return None if text is None else base64.b64encode(text.encode("utf-8")).decode("ascii")


def main(names):
    # OpenMetadata's modules warn and log while importing; only the result goes to stdout.
    warnings.simplefilter("ignore")
    with contextlib.redirect_stdout(sys.stderr):
        from metadata.generated.schema.entity.services.connections.database.common.basicAuth import BasicAuth
        from metadata.generated.schema.entity.services.connections.metadata.openMetadataConnection import (
            OpenMetadataConnection,
        )
        from metadata.utils.secrets.secrets_manager_factory import SecretsManagerFactory

        # An ingestion workflow's openMetadataServerConfig with the Kubernetes secrets manager and the
        # env loader; the OpenMetadata client builds the factory from exactly these two fields
        # (metadata/ingestion/ometa/ometa_api.py). No OpenMetadata server is contacted.
        server = OpenMetadataConnection.model_validate(
            {"hostPort": "http://localhost:8585/api", "secretsManagerProvider": "kubernetes",
             "secretsManagerLoader": "env"})
        manager = SecretsManagerFactory(server.secretsManagerProvider, server.secretsManagerLoader).get_secrets_manager()

        secrets = {}
        for name in names:
            result = {}
            try:
                result["value"] = b64(manager.get_string_value(name))
            except Exception as e:  # the reader raises e.g. UnicodeDecodeError: report which
                result["value"] = None
                result["error"] = type(e).__name__
            # A connection's password as ingestion holds it: a `secret:` reference resolved on use.
            result["secretStr"] = b64(BasicAuth(password="secret:" + name).password.get_secret_value())
            secrets[name] = result

    json.dump({"openmetadataIngestion": importlib.metadata.version("openmetadata-ingestion"), "secrets": secrets},
              sys.stdout)
    print()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
