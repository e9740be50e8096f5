package org.openmetadata.secrets.naming;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * OpenMetadata's Kubernetes Secret naming, as a pure function: the cluster part (prefix and
 * clusterName) followed by the path components, each component's characters outside
 * {@code [A-Za-z0-9-]} replaced by '-', joined by '-', lower-cased, then sanitized (runs of '-'
 * collapsed, leading/trailing '-' trimmed, cut to 253 characters, trailing '-' trimmed again).
 */
public final class SecretNaming {

  public static final int MAX_NAME_LENGTH = 253;
  public static final String DEFAULT_CLUSTER_NAME = "openmetadata";

  private static final Pattern COMPONENT_FORBIDDEN = Pattern.compile("[^A-Za-z0-9-]");
  private static final Pattern HYPHEN_RUNS = Pattern.compile("-{2,}");
  /** Characters a prefix or cluster name may hold once lower-cased: those of a Secret name. */
  private static final Pattern CLUSTER_PART = Pattern.compile("[a-z0-9.-]*");
  /** RFC 1123 subdomain: what the API server accepts as a Secret name. */
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private final String prefix;
  private final String clusterName;
  private final PrefixStyle prefixStyle;

  public SecretNaming(String prefix, String clusterName, PrefixStyle prefixStyle) {
    this.prefix = prefix == null ? "" : prefix;
    this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
    this.prefixStyle = Objects.requireNonNull(prefixStyle, "prefixStyle");
    requireClusterPart("prefix", this.prefix);
    requireClusterPart("clusterName", this.clusterName);
    if (this.clusterName.isBlank()) {
      throw new IllegalArgumentException("clusterName must not be empty");
    }
  }

  public static SecretNaming defaults() {
    return new SecretNaming("", DEFAULT_CLUSTER_NAME, PrefixStyle.DOCUMENTED);
  }

  /** The canonical Secret name for an OpenMetadata secret path. */
  public String secretName(String path) throws InvalidSecretNameException {
    if (path == null) {
      throw new InvalidSecretNameException("path is missing");
    }
    List<String> parts = new ArrayList<>();
    parts.add(clusterPart());
    for (String component : path.split("/", -1)) {
      parts.add(COMPONENT_FORBIDDEN.matcher(component).replaceAll("-"));
    }
    String name = sanitize(String.join("-", parts).toLowerCase(Locale.ROOT));
    if (!DNS_SUBDOMAIN.matcher(name).matches()) {
      throw new InvalidSecretNameException(
          "path gives '" + name + "', which is not a valid Secret name");
    }
    return name;
  }

  /**
   * The name every Secret written under this configuration starts with; the operator refuses to
   * write any other name.
   */
  public String namePrefix() {
    return clusterPart().toLowerCase(Locale.ROOT) + "-";
  }

  /** OpenMetadata's Kubernetes sanitization of an already joined, lower-cased name. */
  public static String sanitize(String joined) throws InvalidSecretNameException {
    String name = trimHyphens(HYPHEN_RUNS.matcher(joined).replaceAll("-"));
    if (name.length() > MAX_NAME_LENGTH) {
      name = trimHyphens(name.substring(0, MAX_NAME_LENGTH));
    }
    if (name.isEmpty()) {
      throw new InvalidSecretNameException("the name is empty after sanitization");
    }
    return name;
  }

  private String clusterPart() {
    if (prefix.isEmpty()) {
      return clusterName;
    }
    return prefixStyle == PrefixStyle.DOCUMENTED ? prefix + "-" + clusterName : prefix + clusterName;
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

  private static void requireClusterPart(String what, String value) {
    if (!CLUSTER_PART.matcher(value.toLowerCase(Locale.ROOT)).matches()) {
      throw new IllegalArgumentException(
          what + " '" + value + "' may only hold letters, digits, '-' and '.'");
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
