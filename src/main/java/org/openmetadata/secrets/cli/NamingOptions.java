package org.openmetadata.secrets.cli;

import java.util.HashMap;
import java.util.Map;
import org.openmetadata.secrets.config.OperatorConfig;
import picocli.CommandLine.Option;

/**
 * The naming settings a command needs to compute Secret names as the operator does. Defaults come
 * from the operator's own environment variables, so a shell configured like the operator agrees.
 */
final class NamingOptions {

  @Option(
      names = "--prefix",
      defaultValue = "${env:SECRET_MANAGER_PREFIX:-}",
      description = "SECRET_MANAGER_PREFIX (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Option(
      names = "--cluster-name",
      defaultValue = "${env:CLUSTER_NAME:-openmetadata}",
      description = "OpenMetadata's clusterName (default: ${DEFAULT-VALUE}).")
  String clusterName;

  @Option(
      names = "--prefix-style",
      defaultValue = "${env:OM_SM_PREFIX_STYLE:-server}",
      description =
          "server (as OpenMetadata's server names them) or documented; default ${DEFAULT-VALUE}.")
  String prefixStyle;

  @Option(
      names = "--tags",
      defaultValue = "${env:SECRET_MANAGER_TAGS:-[]}",
      description = "SECRET_MANAGER_TAGS, as [k1:v1,k2:v2] (default: ${DEFAULT-VALUE}).")
  String tags;

  /** The operator config these options describe; invalid values throw ConfigException. */
  OperatorConfig config() {
    return config(new PolicyOptions());
  }

  /** The operator config these options and {@code policy} describe. */
  OperatorConfig config(PolicyOptions policy) {
    Map<String, String> settings = new HashMap<>(policy.settings());
    settings.put("SECRET_MANAGER_PREFIX", prefix);
    settings.put("CLUSTER_NAME", clusterName);
    settings.put("OM_SM_PREFIX_STYLE", prefixStyle);
    settings.put("SECRET_MANAGER_TAGS", tags);
    return OperatorConfig.from(settings);
  }
}
