package org.openmetadata.secrets.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;
import org.openmetadata.secrets.api.SecretKeySelector;

/** Finds the bytes a resource's Secret must hold, from the spec or from a source Secret. */
public class ValueResolver {

  private final SecretStore store;

  public ValueResolver(SecretStore store) {
    this.store = store;
  }

  /** The value, or the reason it cannot be had. Assumes {@link SpecValidator} passed. */
  public Resolution resolve(OpenMetadataSecret resource) {
    OpenMetadataSecretSpec spec = resource.getSpec();
    if (spec.getValue() != null) {
      return Resolution.of(spec.getValue().getBytes(StandardCharsets.UTF_8), true);
    }
    SecretKeySelector ref = spec.getValueFrom().getSecretKeyRef();
    String namespace = resource.getMetadata().getNamespace();
    Optional<SecretStore.SourceSecret> source = store.source(namespace, ref.getName());
    if (source.isEmpty()) {
      return Resolution.failed(Reason.SourceNotFound, "source Secret " + ref.getName() + " not found");
    }
    Secret secret = source.get().secret();
    Map<String, String> data = secret.getData();
    if (data == null || !data.containsKey(ref.getKey())) {
      return Resolution.failed(
          Reason.SourceNotFound, "key " + ref.getKey() + " not found in source Secret " + ref.getName());
    }
    byte[] value = Base64.getDecoder().decode(data.get(ref.getKey()));
    if (value.length == 0) {
      return Resolution.failed(
          Reason.InvalidSpec,
          "key " + ref.getKey() + " of source Secret " + ref.getName()
              + " is empty; OpenMetadata stores no Secret for an empty value");
    }
    return Resolution.of(value, source.get().watched());
  }

  /** Either a value (and whether its source is watched) or a failure reason and safe message. */
  public record Resolution(byte[] value, boolean watched, Reason failure, String message) {

    static Resolution of(byte[] value, boolean watched) {
      return new Resolution(value, watched, null, null);
    }

    static Resolution failed(Reason reason, String message) {
      return new Resolution(null, false, reason, message);
    }

    public boolean ok() {
      return failure == null;
    }
  }
}
