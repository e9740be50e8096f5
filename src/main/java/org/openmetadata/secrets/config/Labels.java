package org.openmetadata.secrets.config;

import java.util.Map;
import java.util.regex.Pattern;

/** Kubernetes label key and value syntax, and the labels this project puts on Secrets. */
public final class Labels {

  public static final String APP = "app";
  public static final String APP_VALUE = "openmetadata";
  public static final String MANAGED_BY = "managed-by";
  public static final String MANAGED_BY_VALUE = "openmetadata-secrets-manager";

  /** Ours alone; the informer's label selector, so the cache never holds unrelated Secrets. */
  public static final String OPERATOR_MANAGED_BY = "app.kubernetes.io/managed-by";

  public static final String OPERATOR_MANAGED_BY_VALUE = "om-secrets-operator";
  public static final String MANAGED_SELECTOR =
      OPERATOR_MANAGED_BY + "=" + OPERATOR_MANAGED_BY_VALUE;

  /**
   * Put by users on Secrets referenced by valueFrom so their changes reach the operator's cache.
   */
  public static final String SOURCE = "secrets.open-metadata.org/source";

  public static final String SOURCE_SELECTOR = SOURCE + "=true";

  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private Labels() {}

  /**
   * Labels of the operator's own objects that are not managed Secrets (key ring, reader Roles):
   * deliberately without the selector label, so they never enter the managed-Secret cache.
   */
  public static Map<String, String> partOfOperator(String component) {
    return Map.of(
        "app.kubernetes.io/part-of",
        OPERATOR_MANAGED_BY_VALUE,
        "app.kubernetes.io/component",
        component);
  }

  public static boolean isReserved(String key) {
    return APP.equals(key) || MANAGED_BY.equals(key) || OPERATOR_MANAGED_BY.equals(key);
  }

  /** A qualified name with an optional DNS-subdomain prefix, as label keys must be. */
  public static boolean isValidKey(String key) {
    String name = key;
    int slash = key.indexOf('/');
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
        return false;
      }
      name = key.substring(slash + 1);
    }
    return !name.isEmpty() && name.length() <= 63 && NAME.matcher(name).matches();
  }

  public static boolean isValidValue(String value) {
    return value.isEmpty() || (value.length() <= 63 && NAME.matcher(value).matches());
  }
}
