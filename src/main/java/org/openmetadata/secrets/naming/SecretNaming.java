package org.openmetadata.secrets.naming;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * OpenMetadata's Kubernetes Secret naming, as a pure function of the settings and a secret path.
 *
 * <p>By default ({@link PrefixStyle#SERVER}) it reproduces the names OpenMetadata's server stores,
 * which its Python ingestion then reads verbatim. The server builds a name by a chain of {@code
 * buildSecretId} calls, each one sanitized for Kubernetes on its own: the first puts {@code
 * <prefix><clusterName>} (no separator, not character-cleaned, lower-cased) in front of the first
 * components; every later call takes the id so far and one more component, replaces each character
 * outside {@code [A-Za-z0-9-]} in both with '-', joins them with '-' and lower-cases. {@link
 * #serverName} models that chain step by step rather than as one pass, because the order matters
 * (the cluster part is lower-cased before it is cleaned: {@code "K"}, the Kelvin sign, becomes
 * {@code k}, not {@code -}).
 *
 * <p>An app's private configuration is a family of its own: the server names it {@code
 * external-app-private-config-<app name>} with no prefix or cluster part; a resource asks for it
 * with the path {@code external-app/private-config/<app name>}.
 */
public final class SecretNaming {

  public static final int MAX_NAME_LENGTH = 253;
  public static final String DEFAULT_CLUSTER_NAME = "openmetadata";

  /** The path of an app's private configuration: this, then the app's name. */
  public static final String EXTERNAL_APP_PATH = "external-app/private-config/";

  /** The start of every private-configuration Secret name. */
  public static final String EXTERNAL_APP_NAME_PREFIX = "external-app-private-config-";

  /** What OpenMetadata's Kubernetes secrets manager replaces by '-' in every id it builds. */
  private static final Pattern ID_FORBIDDEN = Pattern.compile("[^A-Za-z0-9-]");

  private static final Pattern HYPHEN_RUNS = Pattern.compile("-{2,}");

  /** Characters a documented-style prefix or cluster name may hold once lower-cased. */
  private static final Pattern DOCUMENTED_CLUSTER_PART = Pattern.compile("[a-z0-9.-]*");

  /** RFC 1123 subdomain: what the API server accepts as a Secret name. */
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private final String prefix;
  private final String clusterName;
  private final PrefixStyle prefixStyle;
  private final String namePrefix;

  public SecretNaming(String prefix, String clusterName, PrefixStyle prefixStyle) {
    this.prefix = prefix == null ? "" : prefix;
    this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
    this.prefixStyle = Objects.requireNonNull(prefixStyle, "prefixStyle");
    if (this.clusterName.isBlank()) {
      throw new IllegalArgumentException("clusterName must not be empty");
    }
    if (prefixStyle == PrefixStyle.DOCUMENTED) {
      requireDocumentedClusterPart("prefix", this.prefix);
      requireDocumentedClusterPart("clusterName", this.clusterName);
      this.namePrefix =
          ((this.prefix.isEmpty() ? "" : this.prefix + "-") + this.clusterName)
                  .toLowerCase(Locale.ROOT)
              + "-";
    } else {
      // The server pastes prefix and cluster name into a format string: a '%' breaks it or changes
      // the name.
      if ((this.prefix + this.clusterName).contains("%")) {
        throw new IllegalArgumentException(
            "prefix and clusterName must not contain '%': OpenMetadata's server reads them as a format string");
      }
      String cleaned = k8s(clean(serverClusterPart()));
      if (cleaned.isEmpty()) {
        throw new IllegalArgumentException(
            "prefix and clusterName '"
                + this.prefix
                + this.clusterName
                + "' hold no letter or digit; OpenMetadata's names would have no cluster part");
      }
      this.namePrefix = cleaned + "-";
    }
  }

  public static SecretNaming defaults() {
    return new SecretNaming("", DEFAULT_CLUSTER_NAME, PrefixStyle.SERVER);
  }

  /** The canonical Secret name for an OpenMetadata secret path. */
  public String secretName(String path) throws InvalidSecretNameException {
    if (path == null) {
      throw new InvalidSecretNameException("path is missing");
    }
    String name;
    if (path.startsWith(EXTERNAL_APP_PATH)) {
      name = externalAppName(path.substring(EXTERNAL_APP_PATH.length()));
    } else {
      List<String> components = List.of(path.split("/", -1));
      name =
          prefixStyle == PrefixStyle.SERVER ? serverName(components) : documentedName(components);
    }
    if (name.isEmpty()) {
      throw new InvalidSecretNameException("the name is empty after sanitization");
    }
    if (!DNS_SUBDOMAIN.matcher(name).matches()) {
      throw new InvalidSecretNameException(
          "path gives '" + name + "', which is not a valid Secret name");
    }
    return name;
  }

  /**
   * The path that gives back exactly {@code name}, if one does: the inverse of {@link #secretName}
   * on canonical names. A canonical name holds only '-' separated components, so each '-' becomes a
   * '/' (which keeps path policies such as {@code database/**} meaningful).
   */
  public Optional<String> pathFor(String name) {
    String path;
    if (name.startsWith(EXTERNAL_APP_NAME_PREFIX)) {
      path = EXTERNAL_APP_PATH + name.substring(EXTERNAL_APP_NAME_PREFIX.length());
    } else if (name.startsWith(namePrefix)) {
      path = name.substring(namePrefix.length()).replace('-', '/');
    } else {
      return Optional.empty();
    }
    try {
      return secretName(path).equals(name) ? Optional.of(path) : Optional.empty();
    } catch (InvalidSecretNameException e) {
      return Optional.empty();
    }
  }

  /** The name every cluster-scoped Secret written under this configuration starts with. */
  public String namePrefix() {
    return namePrefix;
  }

  /** Every name this configuration can produce starts with one of these. */
  public List<String> namePrefixes() {
    return List.of(namePrefix, EXTERNAL_APP_NAME_PREFIX);
  }

  /**
   * OpenMetadata's Kubernetes sanitization of an id: runs of '-' collapsed, leading and trailing
   * '-' trimmed, cut to 253 characters, trailing '-' trimmed again. An empty result is an error.
   */
  public static String sanitize(String id) throws InvalidSecretNameException {
    String name = k8s(id);
    if (name.isEmpty()) {
      throw new InvalidSecretNameException("the name is empty after sanitization");
    }
    return name;
  }

  /**
   * The server's chain: the cluster part first, then one {@code buildSecretId(false, id, c)} per
   * component.
   */
  private String serverName(List<String> components) {
    String id = k8s(serverClusterPart());
    for (String component : components) {
      id = k8s((clean(id) + "-" + clean(component)).toLowerCase(Locale.ROOT));
    }
    return id;
  }

  /**
   * {@code buildExternalAppPrivateConfigReference}: the app name is lower-cased before it is
   * cleaned.
   */
  private static String externalAppName(String appName) {
    return k8s(clean(EXTERNAL_APP_PATH) + "-" + clean(appName.toLowerCase(Locale.ROOT)));
  }

  /** The documented form, in one pass: cleaned components after {@code <prefix>-<clusterName>}. */
  private String documentedName(List<String> components) {
    StringBuilder joined =
        new StringBuilder(prefix.isEmpty() ? clusterName : prefix + "-" + clusterName);
    components.forEach(c -> joined.append('-').append(clean(c)));
    return k8s(joined.toString().toLowerCase(Locale.ROOT));
  }

  /**
   * {@code buildSecretId(true)}'s start: prefix and cluster name joined as they are, lower-cased.
   */
  private String serverClusterPart() {
    return (prefix + clusterName).toLowerCase(Locale.ROOT);
  }

  private static String clean(String s) {
    return ID_FORBIDDEN.matcher(s).replaceAll("-");
  }

  /** The sanitization step the server runs after every {@code buildSecretId}; empty stays empty. */
  private static String k8s(String id) {
    String name = trimHyphens(HYPHEN_RUNS.matcher(id).replaceAll("-"));
    return name.length() > MAX_NAME_LENGTH ? trimHyphens(name.substring(0, MAX_NAME_LENGTH)) : name;
  }

  private static String trimHyphens(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '-') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '-') {
      end--;
    }
    return s.substring(start, end);
  }

  private static void requireDocumentedClusterPart(String what, String value) {
    if (!DOCUMENTED_CLUSTER_PART.matcher(value.toLowerCase(Locale.ROOT)).matches()) {
      throw new IllegalArgumentException(
          what
              + " '"
              + value
              + "' may only hold letters, digits, '-' and '.' with the documented prefix style");
    }
  }

  public String prefix() {
    return prefix;
  }

  public String clusterName() {
    return clusterName;
  }

  public PrefixStyle prefixStyle() {
    return prefixStyle;
  }
}
