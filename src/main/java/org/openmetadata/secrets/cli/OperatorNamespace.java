package org.openmetadata.secrets.cli;

import picocli.CommandLine.Option;

/** The namespace the operator runs in, which holds its key ring and ConfigMaps. */
final class OperatorNamespace {

  @Option(
      names = "--operator-namespace",
      defaultValue = "om-secrets-operator",
      description = "The operator's namespace (default: ${DEFAULT-VALUE}).")
  String name;
}
