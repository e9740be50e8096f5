package org.openmetadata.secrets.config;

/** Every environment variable the operator reads, with its default and meaning. */
public enum Setting {
  SECRET_MANAGER_PREFIX("", "Optional prefix of every Secret name (OpenMetadata's own setting)."),
  SECRET_MANAGER_TAGS("[]", "Labels added to every Secret, as [key1:value1,key2:value2]."),
  CLUSTER_NAME("openmetadata", "OpenMetadata's clusterName; the first part of every Secret name."),
  OM_SM_NAMESPACE(
      "default", "Namespaces to watch: one, a comma-separated list, or 'all' (also '*')."),
  OM_SM_KUBECONFIG_PATH("", "Kubeconfig file when not in cluster; empty means ~/.kube/config."),
  OM_SM_IN_CLUSTER("false", "Use the pod's ServiceAccount instead of a kubeconfig."),
  OM_SM_PREFIX_STYLE(
      "documented",
      "'documented' joins prefix and cluster name with '-' as OpenMetadata's docs say;"
          + " 'server-compat' concatenates them as OpenMetadata's server code does."),
  OM_SM_HTTP_PORT("8080", "Port of the metrics and health endpoints; 0 picks a free port."),
  OM_SM_LEADER_ELECTION(
      "false", "Elect one active replica through a Lease, so more than one replica can run."),
  OM_SM_LEADER_ELECTION_NAMESPACE(
      "", "Namespace of the Lease; empty means the pod's own namespace (in cluster)."),
  OM_SM_LOG_LEVEL("INFO", "Log level of the operator's own loggers (read by logback)."),
  OM_SM_FRAMEWORK_LOG_LEVEL("WARN", "Log level of the Java Operator SDK (read by logback)."),
  OM_SM_RECHECK_SECONDS(
      "60",
      "How often a resource blocked by a foreign Secret, or reading an unlabeled source Secret,"
          + " is checked again.");

  private final String defaultValue;
  private final String description;

  Setting(String defaultValue, String description) {
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }
}
