package org.openmetadata.secrets.config;

import static org.openmetadata.secrets.config.Setting.CLUSTER_NAME;
import static org.openmetadata.secrets.config.Setting.OM_SM_ALLOWED_PATHS;
import static org.openmetadata.secrets.config.Setting.OM_SM_ALLOW_NEW_KEY_RING;
import static org.openmetadata.secrets.config.Setting.OM_SM_ALLOW_PLAINTEXT;
import static org.openmetadata.secrets.config.Setting.OM_SM_DELETION_BREAKER_THRESHOLD;
import static org.openmetadata.secrets.config.Setting.OM_SM_DELETION_BREAKER_WINDOW_SECONDS;
import static org.openmetadata.secrets.config.Setting.OM_SM_HEALTH_PORT;
import static org.openmetadata.secrets.config.Setting.OM_SM_HTTP_PORT;
import static org.openmetadata.secrets.config.Setting.OM_SM_IN_CLUSTER;
import static org.openmetadata.secrets.config.Setting.OM_SM_KEY_ROTATION_DAYS;
import static org.openmetadata.secrets.config.Setting.OM_SM_KUBECONFIG_PATH;
import static org.openmetadata.secrets.config.Setting.OM_SM_LEADER_ELECTION;
import static org.openmetadata.secrets.config.Setting.OM_SM_MAX_VALUE_BYTES;
import static org.openmetadata.secrets.config.Setting.OM_SM_NAMESPACE;
import static org.openmetadata.secrets.config.Setting.OM_SM_OPERATOR_NAMESPACE;
import static org.openmetadata.secrets.config.Setting.OM_SM_PREFIX_STYLE;
import static org.openmetadata.secrets.config.Setting.OM_SM_READER_SUBJECTS;
import static org.openmetadata.secrets.config.Setting.OM_SM_RECHECK_SECONDS;
import static org.openmetadata.secrets.config.Setting.OM_SM_RECONCILE_THREADS;
import static org.openmetadata.secrets.config.Setting.OM_SM_TRUSTED_RECIPIENTS;
import static org.openmetadata.secrets.config.Setting.OM_SM_WRITE_BURST;
import static org.openmetadata.secrets.config.Setting.OM_SM_WRITE_RATE;
import static org.openmetadata.secrets.config.Setting.SECRET_MANAGER_PREFIX;
import static org.openmetadata.secrets.config.Setting.SECRET_MANAGER_TAGS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.naming.PrefixStyle;
import org.openmetadata.secrets.naming.SecretNaming;
import org.openmetadata.secrets.policy.PathPattern;
import org.openmetadata.secrets.policy.Policy;

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
    List<PublicKey> trustedRecipients,
    Policy policy,
    List<Subject> readerSubjects,
    int deletionBreakerThreshold,
    Duration deletionBreakerWindow,
    int writeRate,
    int writeBurst,
    int reconcileThreads) {

  /** Where the pod's namespace is, in cluster. */
  static final Path POD_NAMESPACE_FILE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  public OperatorConfig {
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    readerSubjects = List.copyOf(readerSubjects);
    trustedRecipients = List.copyOf(trustedRecipients);
  }

  public static OperatorConfig fromEnvironment() {
    return from(System.getenv());
  }

  /**
   * Builds the config from a map of environment variables; tests pass their own map. Every setting
   * is read, so the ConfigException for a bad environment lists each bad setting.
   */
  public static OperatorConfig from(Map<String, String> variables) {
    Environment env = new Environment(variables);
    SecretNaming naming = naming(env);
    int httpPort = OM_SM_HTTP_PORT.read(env);
    int healthPort = OM_SM_HEALTH_PORT.read(env);
    if (httpPort != 0 && httpPort == healthPort && env.accepted(OM_SM_HTTP_PORT)) {
      env.refuse(
          OM_SM_HEALTH_PORT,
          "must differ from "
              + OM_SM_HTTP_PORT
              + " ("
              + httpPort
              + "): the probes have a port of their own");
    }
    boolean inCluster = OM_SM_IN_CLUSTER.read(env);
    Optional<Path> kubeconfig = OM_SM_KUBECONFIG_PATH.read(env);
    if (inCluster && kubeconfig.isPresent()) {
      env.refuse(OM_SM_KUBECONFIG_PATH, "must be empty when " + OM_SM_IN_CLUSTER + "=true");
    }
    OperatorConfig config =
        new OperatorConfig(
            naming,
            SECRET_MANAGER_TAGS.read(env),
            OM_SM_NAMESPACE.read(env),
            inCluster,
            kubeconfig,
            httpPort,
            healthPort,
            OM_SM_RECHECK_SECONDS.read(env),
            operatorNamespace(env),
            OM_SM_LEADER_ELECTION.read(env),
            OM_SM_KEY_ROTATION_DAYS.read(env),
            OM_SM_ALLOW_NEW_KEY_RING.read(env),
            OM_SM_TRUSTED_RECIPIENTS.read(env),
            policy(env, naming),
            OM_SM_READER_SUBJECTS.read(env),
            OM_SM_DELETION_BREAKER_THRESHOLD.read(env),
            OM_SM_DELETION_BREAKER_WINDOW_SECONDS.read(env),
            OM_SM_WRITE_RATE.read(env),
            OM_SM_WRITE_BURST.read(env),
            OM_SM_RECONCILE_THREADS.read(env));
    env.requireValid();
    return config;
  }

  /** The Secret names' rules; null when they cannot be made (the problem is recorded). */
  private static SecretNaming naming(Environment env) {
    String prefix = SECRET_MANAGER_PREFIX.read(env);
    String clusterName = CLUSTER_NAME.read(env);
    PrefixStyle style = OM_SM_PREFIX_STYLE.read(env);
    if (!env.accepted(OM_SM_PREFIX_STYLE)) {
      return null; // the names would be judged by a style nobody chose
    }
    try {
      return new SecretNaming(prefix, clusterName, style);
    } catch (IllegalArgumentException e) {
      env.problem(SECRET_MANAGER_PREFIX + " and " + CLUSTER_NAME + ": " + e.getMessage());
      return null;
    }
  }

  /**
   * The policy, which holds the names' prefixes: null without naming, its own settings still read
   * and checked.
   */
  private static Policy policy(Environment env, SecretNaming naming) {
    boolean allowPlaintext = OM_SM_ALLOW_PLAINTEXT.read(env);
    List<PathPattern> allowedPaths = OM_SM_ALLOWED_PATHS.read(env);
    int maxValueBytes = OM_SM_MAX_VALUE_BYTES.read(env);
    return naming == null
        ? null
        : new Policy(allowPlaintext, allowedPaths, maxValueBytes, naming.namePrefixes());
  }

  private static String operatorNamespace(Environment env) {
    String namespace = OM_SM_OPERATOR_NAMESPACE.read(env);
    return namespace.isEmpty() ? podNamespace().orElse("default") : namespace;
  }

  private static Optional<String> podNamespace() {
    try {
      return Optional.of(Files.readString(POD_NAMESPACE_FILE).trim());
    } catch (IOException e) {
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
      throw new ConfigException("allows no path; use ** to allow all");
    }
    return patterns;
  }

  static PrefixStyle parsePrefixStyle(String value) {
    return PrefixStyle.parse(value)
        .orElseThrow(
            () -> new ConfigException("must be 'server' or 'documented', not '" + value + "'"));
  }

  /**
   * OpenMetadata's tag list, {@code [key1:value1,key2:value2]}, split at the first ':'. Entries
   * without ':' (which OpenMetadata silently drops) and invalid or reserved label keys are errors:
   * a ConfigException saying what is wrong, put after the setting's name where it is read.
   */
  public static Map<String, String> parseTags(String raw) {
    String body = raw.trim();
    if (body.startsWith("[") && body.endsWith("]")) {
      body = body.substring(1, body.length() - 1);
    } else if (body.startsWith("[") || body.endsWith("]")) {
      throw new ConfigException("has unbalanced brackets");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (String entry : body.split(",")) {
      String item = entry.trim();
      if (item.isEmpty()) {
        continue;
      }
      int colon = item.indexOf(':');
      if (colon < 0) {
        throw new ConfigException("entry '" + item + "' is not key:value");
      }
      String key = item.substring(0, colon).trim();
      String value = item.substring(colon + 1).trim();
      if (!Labels.isValidKey(key)) {
        throw new ConfigException("key '" + key + "' is not a valid label key");
      }
      if (Labels.isReserved(key)) {
        throw new ConfigException(
            "key '" + key + "' would override a label the Secrets must carry");
      }
      if (!Labels.isValidValue(value)) {
        throw new ConfigException(
            "value '" + value + "' of key '" + key + "' is not a valid label value");
      }
      if (tags.put(key, value) != null) {
        throw new ConfigException("repeats key '" + key + "'");
      }
    }
    return tags;
  }

  private static final Pattern PEM_BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----.*?-----END \\1-----", Pattern.DOTALL);

  /**
   * Every PEM block of {@code raw}, each a public key or certificate; nothing else may be there.
   */
  static List<PublicKey> parseRecipients(String raw) {
    List<PublicKey> keys = new ArrayList<>();
    Matcher block = PEM_BLOCK.matcher(raw);
    int end = 0;
    while (block.find()) {
      if (!raw.substring(end, block.start()).isBlank()) {
        throw new ConfigException("holds text that is not a PEM block");
      }
      try {
        keys.add(Pem.parsePublicKey(block.group()));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("block " + (keys.size() + 1) + " is " + e.getMessage());
      }
      end = block.end();
    }
    if (!raw.substring(end).isBlank()) {
      throw new ConfigException("holds text that is not a PEM block");
    }
    return keys;
  }

  static WatchedNamespaces parseNamespaces(String raw) {
    if (raw.equals("*") || raw.equalsIgnoreCase("all")) {
      return WatchedNamespaces.ALL;
    }
    Set<String> names = new LinkedHashSet<>();
    for (String part : raw.split(",")) {
      String ns = part.trim();
      if (!WatchedNamespaces.isName(ns)) {
        throw new ConfigException("entry '" + ns + "' is not a namespace name");
      }
      names.add(ns);
    }
    return new WatchedNamespaces(names);
  }
}
