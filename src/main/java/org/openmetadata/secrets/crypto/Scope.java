package org.openmetadata.secrets.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a sealed value is bound to: it opens only for this namespace, resource name and path. The
 * three are authenticated (GCM additional data), never encrypted, so a copy fails to open anywhere
 * else.
 */
public record Scope(String namespace, String name, String path) {

  public Scope {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
  }

  byte[] associatedData(Format format, String keyId) {
    // NUL separators: none of the parts can contain one, so the encoding is unambiguous.
    return String.join("\0", format.version, keyId, namespace, name, path)
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return namespace + "/" + name + " (path " + path + ")";
  }
}
