package org.openmetadata.secrets.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import java.io.IOException;
import java.util.function.UnaryOperator;
import org.openmetadata.secrets.crypto.CachedValue;

/**
 * Reads {@code spec.value} or {@code spec.encryptedValue} in its cached form ({@link CachedValue}):
 * as a digest, or whole when short for the operator's own caches. The reconciler reads a value from
 * the API server only when its cached form is a digest and the status does not prove that the
 * Secret already holds this generation's value.
 */
public class ValueDigest extends StdDeserializer<String> {

  private final transient UnaryOperator<String> form;

  ValueDigest(UnaryOperator<String> form) {
    super(String.class);
    this.form = form;
  }

  @Override
  public String deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
    return form.apply(StringDeserializer.instance.deserialize(p, ctx));
  }

  /** {@code spec.value} as its digest. */
  public static final class Inline extends ValueDigest {
    public Inline() {
      super(CachedValue::digest);
    }
  }

  /** {@code spec.encryptedValue} as its header and digest. */
  public static final class Sealed extends ValueDigest {
    public Sealed() {
      super(CachedValue::digestSealed);
    }
  }

  /** {@code spec.value}, whole when short. */
  public static final class ShortInline extends ValueDigest {
    public ShortInline() {
      super(v -> CachedValue.of(v, CachedValue.KEPT_WHOLE_UP_TO));
    }
  }

  /** {@code spec.encryptedValue}, whole when short. */
  public static final class ShortSealed extends ValueDigest {
    public ShortSealed() {
      super(v -> CachedValue.ofSealed(v, CachedValue.KEPT_WHOLE_UP_TO));
    }
  }
}
