package org.openmetadata.secrets.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;

/**
 * Every environment variable the operator reads: its default, how its text becomes a value (type
 * and range), and its meaning, which {@code run --help} and docs/configuration.md show.
 */
public enum Setting {
  SECRET_MANAGER_PREFIX(
      "",
      Setting::text,
      "Optional prefix of every Secret name, as OpenMetadata's own setting of that name. It "
          + "must not contain % (OpenMetadata's server reads it as a format string)."),
  SECRET_MANAGER_TAGS(
      "[]",
      OperatorConfig::parseTags,
      "Labels added to every Secret, as [key1:value1,key2:value2], each entry split at its "
          + "first colon. Entries without a colon, invalid or repeated label keys, invalid label "
          + "values and the reserved keys app, managed-by and app.kubernetes.io/managed-by are "
          + "refused."),
  CLUSTER_NAME(
      "openmetadata",
      Setting::text,
      "OpenMetadata's clusterName, the first part of every Secret name."),
  OM_SM_NAMESPACE(
      "default",
      OperatorConfig::parseNamespaces,
      "Namespaces to watch: one, a comma-separated list, or all (also *)."),
  OM_SM_KUBECONFIG_PATH(
      "",
      Setting::optionalPath,
      "Kubeconfig file to use out of cluster. Empty, with OM_SM_IN_CLUSTER false, means the "
          + "default kubeconfig: $KUBECONFIG, then ~/.kube/config."),
  OM_SM_IN_CLUSTER("false", Setting::flag, "Use the pod's ServiceAccount and never a kubeconfig."),
  OM_SM_PREFIX_STYLE(
      "server",
      OperatorConfig::parsePrefixStyle,
      "server: names Secrets exactly as OpenMetadata's server stores them, "
          + "<prefix><clusterName>-<path> (see Names in docs/resource.md). documented: "
          + "<prefix>-<clusterName>-<path> with prefix and cluster name kept as written, as "
          + "OpenMetadata's documentation says; no OpenMetadata server writes that with a prefix, so "
          + "its readers will not find those Secrets: only for tools that computed names from the "
          + "documentation. server-compat is an older name of server."),
  OM_SM_HTTP_PORT(
      "8080",
      between(0, 65535),
      "Port of /metrics (Prometheus) and /v1/cert.pem (plain HTTP, unauthenticated: seal with the key from the "
          + "ConfigMap, docs/sealing.md); 0 picks a free port."),
  OM_SM_HEALTH_PORT(
      "8081",
      between(0, 65535),
      "Port of the probes /healthz and /readyz, apart from metrics so that no scraper can crowd "
          + "them out; 0 picks a free port. Must differ from OM_SM_HTTP_PORT."),
  OM_SM_LEADER_ELECTION(
      "false",
      Setting::flag,
      "Elect one active replica through the Lease om-secrets-operator-leader, so several "
          + "replicas can run. A replica that stops cleanly (SIGTERM) gives the Lease up once its "
          + "reconciliations have ended, so a standby takes over at its next retry (every 2 s, with "
          + "jitter) instead of when the Lease expires."),
  OM_SM_OPERATOR_NAMESPACE(
      "",
      Setting::text,
      "The operator's own namespace: the Lease, the key ring Secret om-secrets-operator-keys, "
          + "the ConfigMaps om-secrets-operator-cert and om-secrets-operator-deletion-breaker. Empty "
          + "means the pod's namespace in cluster, else default."),
  OM_SM_KEY_ROTATION_DAYS(
      "30",
      days(0, 3650),
      "Age at which a new sealing key becomes active; older keys keep opening what was sealed "
          + "to them. 0 never rotates, except once: a ring whose active key is RSA (made before "
          + "sealed format v2) gets an X25519 key at the next start (see The format in "
          + "docs/sealing.md)."),
  OM_SM_ALLOW_NEW_KEY_RING(
      "false",
      Setting::flag,
      "Start with a new key ring although the ring Secret is missing and an earlier ring "
          + "existed (its published key, or a resource with a sealed value, is still there). Off, the "
          + "operator refuses to start and says to restore the ring from backup (docs/sealing.md). "
          + "Only for a ring lost without a backup; set it back afterwards."),
  OM_SM_TRUSTED_RECIPIENTS(
      "",
      OperatorConfig::parseRecipients,
      "Public keys (PEM: PUBLIC KEY or CERTIFICATE blocks, one after the other) that a ResealRequest "
          + "may add as recipients (reseal --add-cert), typically other clusters' operators: any other "
          + "key is refused, since whoever holds a sealed value could otherwise have it sealed to a key "
          + "of their own. Empty accepts none."),
  OM_SM_ALLOW_PLAINTEXT(
      "false",
      Setting::flag,
      "Accept plain-text spec.value. Off, only encryptedValue and valueFrom are accepted, and a "
          + "plain value gets PolicyDenied. The demo command and hack/local-run.sh turn it on for "
          + "their sample."),
  OM_SM_ALLOWED_PATHS(
      "**",
      OperatorConfig::parsePatterns,
      "Comma-separated path patterns a resource may use (* is one component, ** any number), "
          + "e.g. database/**,bot/*/config/jwttoken. Others get PolicyDenied."),
  OM_SM_MAX_VALUE_BYTES(
      "262144",
      between(1, OpenMetadataSecretSpec.MAX_VALUE_BYTES),
      "Largest value accepted, in bytes (at most 1000000, below the 1 MiB Secret limit). The "
          + "chart also has the API server refuse, at kubectl apply, a resource over this size or, "
          + "with OM_SM_ALLOW_PLAINTEXT off, with plain text (a ValidatingAdmissionPolicy, the chart "
          + "value admissionPolicy.enabled); the operator checks all the same."),
  OM_SM_READER_SUBJECTS(
      "",
      Subject::parseList,
      "Who may read the managed Secrets, and where: comma-separated "
          + "ServiceAccount:namespace/name, User:name or Group:name, each followed by #ns1|ns2 (#* "
          + "for every served namespace). A ServiceAccount without # reads in its own namespace only; "
          + "a User or Group must name its namespaces. The operator then keeps a Role "
          + "om-secrets-readers in each namespace granting get on exactly the Secrets it manages "
          + "there, and a RoleBinding to the subjects granted there. Empty manages no reader Role."),
  OM_SM_LOG_LEVEL(
      "INFO", Setting::text, "Log level of the operator's own loggers (read by logback)."),
  OM_SM_FRAMEWORK_LOG_LEVEL(
      "WARN", Setting::text, "Log level of the Java Operator SDK (read by logback)."),
  OM_SM_DELETION_BREAKER_THRESHOLD(
      "20",
      between(0, 1_000_000),
      "More resource deletions than this in one namespace within the window open that "
          + "namespace's deletion circuit breaker: its Secrets are then released, not deleted, until "
          + "an administrator closes it (docs/deletion-breaker.md). 0 disables it."),
  OM_SM_DELETION_BREAKER_WINDOW_SECONDS(
      "60", seconds(1, 86400), "The deletion circuit breaker's window, in seconds."),
  OM_SM_WRITE_RATE(
      "300",
      between(0, 100_000),
      "Write budget: API write requests per second on average (a token bucket on every request "
          + "that is not a GET). When writes have to wait, the namespaces take turns, so one "
          + "namespace's flood does not hold up another's writes. 0 is unlimited. HTTP 429 and 5xx "
          + "answers are retried with backoff, honouring Retry-After."),
  OM_SM_WRITE_BURST(
      "300",
      between(1, 1_000_000),
      "Write budget: writes allowed at once before the rate applies."),
  OM_SM_RECONCILE_THREADS(
      "16",
      between(1, 1000),
      "Resources reconciled at the same time. Each namespace has its own queue and the threads "
          + "take from the queues in turn, so a namespace that creates thousands of resources at once "
          + "does not make the others wait behind them."),
  OM_SM_RECHECK_SECONDS(
      "60",
      seconds(1, 86400),
      "How often, in seconds, a Conflict, a missing source, an unlabeled source or a value sealed"
          + " to a key the ring lacks is looked at again.");

  private final String defaultValue;
  private final Function<String, ?> parser;
  private final String description;

  /**
   * @param parser reads the setting's text into its value, checking its range; throws
   *     ConfigException saying what is wrong, which the reader puts after the setting's name
   */
  Setting(String defaultValue, Function<String, ?> parser, String description) {
    this.defaultValue = defaultValue;
    this.parser = parser;
    this.description = description;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /**
   * This setting's value in {@code env}, of the type its parser makes (the caller's variable must
   * have that type; reading the defaults, OperatorConfigTest reads every setting). A bad value
   * becomes one of env's problems and the default stands in for it, so that the other settings are
   * still read and checked.
   */
  @SuppressWarnings("unchecked")
  <T> T read(Environment env) {
    try {
      return (T) parser.apply(env.text(this));
    } catch (ConfigException e) {
      env.refuse(this, e.getMessage());
      return (T) parser.apply(defaultValue);
    }
  }

  private static String text(String raw) {
    return raw;
  }

  private static Optional<Path> optionalPath(String raw) {
    return raw.isEmpty() ? Optional.empty() : Optional.of(Path.of(raw));
  }

  private static boolean flag(String raw) {
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false", "" -> false;
      default -> throw new ConfigException("must be true or false, not '" + raw + "'");
    };
  }

  private static Function<String, Integer> between(int min, int max) {
    return raw -> {
      int value;
      try {
        value = Integer.parseInt(raw);
      } catch (NumberFormatException e) {
        throw new ConfigException("must be a number, not '" + raw + "'");
      }
      if (value < min || value > max) {
        throw new ConfigException("must be between " + min + " and " + max);
      }
      return value;
    };
  }

  private static Function<String, Duration> seconds(int min, int max) {
    return between(min, max).andThen(Duration::ofSeconds);
  }

  private static Function<String, Duration> days(int min, int max) {
    return between(min, max).andThen(Duration::ofDays);
  }
}
