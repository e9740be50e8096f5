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
      "server",
      "'server' names Secrets exactly as OpenMetadata's server stores them (<prefix><clusterName>-...);"
          + " 'documented' uses the documented <prefix>-<clusterName>-..., which no server writes."),
  OM_SM_HTTP_PORT("8080", "Port of /metrics and /v1/cert.pem (plain HTTP, unauthenticated); 0 picks a free port."),
  OM_SM_HEALTH_PORT(
      "8081",
      "Port of the probes /healthz and /readyz, apart from metrics so that no scraper can crowd them"
          + " out; 0 picks a free port."),
  OM_SM_LEADER_ELECTION(
      "false", "Elect one active replica through a Lease, so more than one replica can run."),
  OM_SM_OPERATOR_NAMESPACE(
      "",
      "The operator's own namespace (Lease, key ring, published sealing key); empty means the pod's"
          + " namespace in cluster, else 'default'."),
  OM_SM_KEY_ROTATION_DAYS(
      "30",
      "Age at which a new sealing key becomes active (old keys still open); 0 never rotates, except"
          + " once from an RSA key of a ring made before format v2 to X25519."),
  OM_SM_ALLOW_NEW_KEY_RING(
      "false",
      "Let the operator create a new key ring although an earlier one existed (its published key or a"
          + " sealed resource is still there): for a ring lost without a backup. Set it back afterwards."),
  OM_SM_ALLOW_PLAINTEXT(
      "false", "Accept plain-text spec.value; otherwise only encryptedValue and valueFrom."),
  OM_SM_ALLOWED_PATHS(
      "**",
      "Comma-separated path patterns a resource may use ('*' one component, '**' any number),"
          + " e.g. database/**,bot/*/config/jwttoken."),
  OM_SM_MAX_VALUE_BYTES("262144", "Largest value accepted, in bytes (at most 1000000)."),
  OM_SM_READER_SUBJECTS(
      "",
      "Who may read the managed Secrets, by name, and where: comma-separated ServiceAccount:namespace/name,"
          + " User:name or Group:name, each followed by #ns1|ns2 (#* every served namespace). A ServiceAccount"
          + " without # reads in its own namespace only; a User or Group must name its namespaces."
          + " Empty manages no reader Role."),
  OM_SM_LOG_LEVEL("INFO", "Log level of the operator's own loggers (read by logback)."),
  OM_SM_FRAMEWORK_LOG_LEVEL("WARN", "Log level of the Java Operator SDK (read by logback)."),
  OM_SM_DELETION_BREAKER_THRESHOLD(
      "20",
      "More deletions than this in one namespace within the window pause Secret deletions there"
          + " (Retain for all its resources) until an administrator closes its breaker; 0 disables."),
  OM_SM_DELETION_BREAKER_WINDOW_SECONDS("60", "The deletion circuit breaker's window."),
  OM_SM_WRITE_RATE(
      "300", "Write budget: API write requests per second on average (token bucket, namespaces take turns"
          + " when writes wait); 0 is unlimited."),
  OM_SM_WRITE_BURST("300", "Write budget: writes allowed at once before the rate applies."),
  OM_SM_RECONCILE_THREADS("16", "Resources reconciled at the same time; namespaces take turns for them."),
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
