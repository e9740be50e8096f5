package org.openmetadata.secrets.bridge;

/**
 * One call of OpenMetadata's Kubernetes secrets manager, as the bridge understood it: the four
 * {@code CoreV1Api} calls it makes on namespaced Secrets. A value is held as bytes only while the
 * call runs; the records' {@code toString} never shows it.
 */
public sealed interface SecretCall {

  String namespace();

  String name();

  /** {@code createNamespacedSecret}. */
  record Create(String namespace, String name, byte[] value, boolean immutable)
      implements SecretCall {}

  /** {@code replaceNamespacedSecret}, after a read. */
  record Replace(String namespace, String name, byte[] value) implements SecretCall {}

  /** {@code readNamespacedSecret}: also how the server asks whether a Secret exists. */
  record Read(String namespace, String name) implements SecretCall {}

  /** {@code deleteNamespacedSecret}. */
  record Delete(String namespace, String name) implements SecretCall {}
}
