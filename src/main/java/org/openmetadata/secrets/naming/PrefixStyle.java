package org.openmetadata.secrets.naming;

import java.util.Locale;
import java.util.Optional;

/** How a configured prefix and the cluster name become the start of every Secret name. */
public enum PrefixStyle {
  /**
   * What OpenMetadata's server stores: {@code <prefix><clusterName>-...}, no '-' between prefix and
   * cluster name, and their characters outside {@code [A-Za-z0-9-]} turned into '-' after
   * lower-casing. The default, because OpenMetadata's readers take the name the server stored.
   */
  SERVER("server"),
  /**
   * {@code <prefix>-<clusterName>-...} with the prefix and cluster name kept as written: the form
   * OpenMetadata's documentation gives, which no OpenMetadata server writes when a prefix is set.
   */
  DOCUMENTED("documented");

  private final String value;

  PrefixStyle(String value) {
    this.value = value;
  }

  /** The setting's value ({@code OM_SM_PREFIX_STYLE}, {@code --prefix-style}). */
  public String value() {
    return value;
  }

  /**
   * Parses a setting value; {@code server-compat}, this style's name before it became the default,
   * still works.
   */
  public static Optional<PrefixStyle> parse(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "server", "server-compat" -> Optional.of(SERVER);
      case "documented" -> Optional.of(DOCUMENTED);
      default -> Optional.empty();
    };
  }
}
