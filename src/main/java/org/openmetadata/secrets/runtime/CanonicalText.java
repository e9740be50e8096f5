package org.openmetadata.secrets.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a string as one shared instance per distinct text, for the metadata fields that repeat
 * across every cached object (namespace, label values, kinds, API versions, condition types and
 * reasons). Jackson allocates each anew: at 10,000 resources and their Secrets the informer caches
 * held about 18 strings per object, most of them copies; sharing them took the heap from 67.6 to
 * 61.2 MiB.
 *
 * <p>Only the fields named in {@link KubernetesClients}' mix-ins come here, never a Secret's data
 * or a resource's value: a pooled value would outlive its object. The table is bounded, since label
 * values and namespaces are written by users: once full, new texts are returned as read, unshared.
 */
public final class CanonicalText extends StdDeserializer<String> {

  /**
   * Longer than any namespace, label value, kind or condition reason; longer texts are not repeats.
   */
  static final int MAX_LENGTH = 253;

  private static final Table TABLE = new Table(4096);

  public CanonicalText() {
    super(String.class);
  }

  @Override
  public String deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
    return TABLE.canonical(StringDeserializer.instance.deserialize(p, ctx));
  }

  /** One shared instance per text, up to {@code capacity} texts. */
  static final class Table {
    private final int capacity;
    private final ConcurrentHashMap<String, String> texts = new ConcurrentHashMap<>();

    Table(int capacity) {
      this.capacity = capacity;
    }

    String canonical(String text) {
      if (text == null || text.length() > MAX_LENGTH) {
        return text;
      }
      String shared = texts.get(text);
      if (shared != null) {
        return shared;
      }
      if (texts.size() >= capacity) {
        return text;
      }
      shared = texts.putIfAbsent(text, text);
      return shared == null ? text : shared;
    }
  }
}
