package org.openmetadata.secrets.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;
import org.openmetadata.secrets.naming.PrefixStyle;
import org.openmetadata.secrets.policy.PathPattern;
import org.openmetadata.secrets.policy.Policy;
import org.openmetadata.secrets.naming.SecretNaming;

/**
 * The operator's configuration: read once at start from the environment into an immutable,
 * validated snapshot. A bad value stops the operator with a message naming the setting.
 */
public record OperatorConfig(
    SecretNaming naming,
    Map<String, String> tags,
    WatchedNamespaces namespaces,
    boolean inCluster,
    Optional<Path> kubeconfigPath,
    int httpPort,
    int healthPort,
    Duration recheckInterval,
    String operatorNamespace,
    boolean leaderElection,
    Duration keyRotation,
    boolean allowNewKeyRing,
    Policy policy,
    List<Subject> readerSubjects,
    int deletionBreakerThreshold,
    Duration deletionBreakerWindow,
    int writeRate,
    int writeBurst,
    int reconcileThreads) {

  /** Settings of ours start with this; an unknown one is a typo worth stopping for. */
  private static final String OWN_PREFIX = "OM_SM_";

  /** Where the pod's namespace is, in cluster. */
  static final Path POD_NAMESPACE_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  public OperatorConfig {
    tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    readerSubjects = List.copyOf(readerSubjects);
  }

  public static OperatorConfig fromEnvironment() {
    return from(System.getenv());
  }

  /** Builds the config from a map of environment variables; tests pass their own map. */
  public static OperatorConfig from(Map<String, String> env) {
    rejectUnknownSettings(env);
    List<String> problems = new ArrayList<>();
    SecretNaming naming = null;
    try {
      naming =
          new SecretNaming(
              get(env, Setting.SECRET_MANAGER_PREFIX),
              get(env, Setting.CLUSTER_NAME),
              parsePrefixStyle(get(env, Setting.OM_SM_PREFIX_STYLE)));
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    Map<String, String> tags = Map.of();
    try {
      tags = parseTags(get(env, Setting.SECRET_MANAGER_TAGS));
    } catch (ConfigException e) {
      problems.add(e.getMessage());
    }
    WatchedNamespaces namespaces = null;
    boolean inCluster = false;
    int port = 0;
    int healthPort = 0;
    Duration recheck = null;
    try {
      namespaces = parseNamespaces(get(env, Setting.OM_SM_NAMESPACE));
      inCluster = parseBoolean(Setting.OM_SM_IN_CLUSTER, get(env, Setting.OM_SM_IN_CLUSTER));
      port = parseInt(Setting.OM_SM_HTTP_PORT, get(env, Setting.OM_SM_HTTP_PORT), 0, 65535);
      healthPort = parseInt(Setting.OM_SM_HEALTH_PORT, get(env, Setting.OM_SM_HEALTH_PORT), 0, 65535);
      if (port != 0 && port == healthPort) {
        throw new ConfigException(Setting.OM_SM_HEALTH_PORT + " must differ from " + Setting.OM_SM_HTTP_PORT
            + " (" + port + "): the probes have a port of their own");
      }
      recheck =
          Duration.ofSeconds(
              parseInt(Setting.OM_SM_RECHECK_SECONDS, get(env, Setting.OM_SM_RECHECK_SECONDS), 1, 86400));
    } catch (ConfigException e) {
      problems.add(e.getMessage());
    }
    boolean leaderElection = false;
    Duration keyRotation = null;
    boolean allowNewKeyRing = false;
    Policy policy = null;
    List<Subject> readers = List.of();
    int breakerThreshold = 0;
    Duration breakerWindow = null;
    int writeRate = 0;
    int writeBurst = 1;
    int threads = 1;
    try {
      writeRate = parseInt(Setting.OM_SM_WRITE_RATE, get(env, Setting.OM_SM_WRITE_RATE), 0, 100_000);
      writeBurst = parseInt(Setting.OM_SM_WRITE_BURST, get(env, Setting.OM_SM_WRITE_BURST), 1, 1_000_000);
      threads = parseInt(Setting.OM_SM_RECONCILE_THREADS, get(env, Setting.OM_SM_RECONCILE_THREADS), 1, 1000);
      breakerThreshold = parseInt(Setting.OM_SM_DELETION_BREAKER_THRESHOLD,
          get(env, Setting.OM_SM_DELETION_BREAKER_THRESHOLD), 0, 1_000_000);
      breakerWindow = Duration.ofSeconds(parseInt(Setting.OM_SM_DELETION_BREAKER_WINDOW_SECONDS,
          get(env, Setting.OM_SM_DELETION_BREAKER_WINDOW_SECONDS), 1, 86400));
      leaderElection = parseBoolean(Setting.OM_SM_LEADER_ELECTION, get(env, Setting.OM_SM_LEADER_ELECTION));
      keyRotation = Duration.ofDays(
          parseInt(Setting.OM_SM_KEY_ROTATION_DAYS, get(env, Setting.OM_SM_KEY_ROTATION_DAYS), 0, 3650));
      allowNewKeyRing = parseBoolean(Setting.OM_SM_ALLOW_NEW_KEY_RING, get(env, Setting.OM_SM_ALLOW_NEW_KEY_RING));
      readers = Subject.parseList(Setting.OM_SM_READER_SUBJECTS, get(env, Setting.OM_SM_READER_SUBJECTS));
      if (naming != null) {
        policy = new Policy(
            parseBoolean(Setting.OM_SM_ALLOW_PLAINTEXT, get(env, Setting.OM_SM_ALLOW_PLAINTEXT)),
            parsePatterns(get(env, Setting.OM_SM_ALLOWED_PATHS)),
            parseInt(Setting.OM_SM_MAX_VALUE_BYTES, get(env, Setting.OM_SM_MAX_VALUE_BYTES), 1,
                OpenMetadataSecretSpec.MAX_VALUE_BYTES),
            naming.namePrefixes());
      }
    } catch (ConfigException e) {
      problems.add(e.getMessage());
    }
    String operatorNamespace = get(env, Setting.OM_SM_OPERATOR_NAMESPACE);
    if (operatorNamespace.isEmpty()) {
      operatorNamespace = podNamespace().orElse("default");
    }
    String kubeconfig = get(env, Setting.OM_SM_KUBECONFIG_PATH);
    if (inCluster && !kubeconfig.isEmpty()) {
      problems.add(
          Setting.OM_SM_KUBECONFIG_PATH + " must be empty when " + Setting.OM_SM_IN_CLUSTER + "=true");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException("invalid configuration: " + String.join("; ", problems));
    }
    return new OperatorConfig(
        naming,
        tags,
        namespaces,
        inCluster,
        kubeconfig.isEmpty() ? Optional.empty() : Optional.of(Path.of(kubeconfig)),
        port,
        healthPort,
        recheck,
        operatorNamespace,
        leaderElection,
        keyRotation,
        allowNewKeyRing,
        policy,
        readers,
        breakerThreshold,
        breakerWindow,
        writeRate,
        writeBurst,
        threads);
  }

  private static Optional<String> podNamespace() {
    try {
      return Optional.of(java.nio.file.Files.readString(POD_NAMESPACE_FILE).trim());
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  static List<PathPattern> parsePatterns(String raw) {
    List<PathPattern> patterns = new ArrayList<>();
    for (String part : raw.split(",")) {
      if (!part.isBlank()) {
        patterns.add(new PathPattern(part.trim()));
      }
    }
    if (patterns.isEmpty()) {
      throw new ConfigException(Setting.OM_SM_ALLOWED_PATHS + " allows no path; use ** to allow all");
    }
    return patterns;
  }

  private static String get(Map<String, String> env, Setting setting) {
    String value = env.get(setting.name());
    return value == null ? setting.defaultValue() : value.trim();
  }

  private static void rejectUnknownSettings(Map<String, String> env) {
    Set<String> known = Arrays.stream(Setting.values()).map(Enum::name).collect(Collectors.toSet());
    List<String> unknown =
        env.keySet().stream()
            .filter(k -> k.startsWith(OWN_PREFIX) && !known.contains(k))
            .sorted()
            .toList();
    if (!unknown.isEmpty()) {
      throw new ConfigException("unknown setting(s): " + String.join(", ", unknown));
    }
  }

  static PrefixStyle parsePrefixStyle(String value) {
    return PrefixStyle.parse(value).orElseThrow(() -> new IllegalArgumentException(
        Setting.OM_SM_PREFIX_STYLE + " must be 'server' or 'documented', not '" + value + "'"));
  }

  /**
   * OpenMetadata's tag list, {@code [key1:value1,key2:value2]}, split at the first ':'. Entries
   * without ':' (which OpenMetadata silently drops) and invalid or reserved label keys are errors.
   */
  public static Map<String, String> parseTags(String raw) {
    String body = raw.trim();
    if (body.startsWith("[") && body.endsWith("]")) {
      body = body.substring(1, body.length() - 1);
    } else if (body.startsWith("[") || body.endsWith("]")) {
      throw new ConfigException(Setting.SECRET_MANAGER_TAGS + " has unbalanced brackets");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (String entry : body.split(",")) {
      String item = entry.trim();
      if (item.isEmpty()) {
        continue;
      }
      int colon = item.indexOf(':');
      if (colon < 0) {
        throw new ConfigException(
            Setting.SECRET_MANAGER_TAGS + " entry '" + item + "' is not key:value");
      }
      String key = item.substring(0, colon).trim();
      String value = item.substring(colon + 1).trim();
      if (!Labels.isValidKey(key)) {
        throw new ConfigException(Setting.SECRET_MANAGER_TAGS + " key '" + key + "' is not a valid label key");
      }
      if (Labels.isReserved(key)) {
        throw new ConfigException(
            Setting.SECRET_MANAGER_TAGS + " key '" + key + "' would override a label the Secrets must carry");
      }
      if (!Labels.isValidValue(value)) {
        throw new ConfigException(
            Setting.SECRET_MANAGER_TAGS + " value '" + value + "' of key '" + key + "' is not a valid label value");
      }
      if (tags.put(key, value) != null) {
        throw new ConfigException(Setting.SECRET_MANAGER_TAGS + " repeats key '" + key + "'");
      }
    }
    return tags;
  }

  static WatchedNamespaces parseNamespaces(String raw) {
    if (raw.equals("*") || raw.equalsIgnoreCase("all")) {
      return WatchedNamespaces.ALL;
    }
    Set<String> names = new LinkedHashSet<>();
    for (String part : raw.split(",")) {
      String ns = part.trim();
      if (!WatchedNamespaces.isName(ns)) {
        throw new ConfigException(Setting.OM_SM_NAMESPACE + " entry '" + ns + "' is not a namespace name");
      }
      names.add(ns);
    }
    return new WatchedNamespaces(names);
  }

  static boolean parseBoolean(Setting setting, String raw) {
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false", "" -> false;
      default -> throw new ConfigException(setting + " must be true or false, not '" + raw + "'");
    };
  }

  static int parseInt(Setting setting, String raw, int min, int max) {
    try {
      int value = Integer.parseInt(raw);
      if (value < min || value > max) {
        throw new ConfigException(setting + " must be between " + min + " and " + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(setting + " must be a number, not '" + raw + "'");
    }
  }
}
