package org.openmetadata.secrets.naming;

/** How a configured prefix is joined to the cluster name. */
public enum PrefixStyle {
  /** {@code <prefix>-<clusterName>-...}: the form OpenMetadata's documentation gives. */
  DOCUMENTED,
  /**
   * {@code <prefix><clusterName>-...}: what OpenMetadata's server code writes for Kubernetes, kept
   * so Secrets written by a prefixed OpenMetadata server can be adopted under their existing names.
   */
  SERVER_COMPAT
}
