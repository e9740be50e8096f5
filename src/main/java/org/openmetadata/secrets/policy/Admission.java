package org.openmetadata.secrets.policy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;
import org.openmetadata.secrets.naming.InvalidSecretNameException;
import org.openmetadata.secrets.naming.SecretNaming;

/**
 * Whether the operator writes a value, by the {@link Rule}s in their order: the one pipeline the
 * reconciler, the bridge and the CLI run, so none of them accepts what another refuses (the bridge
 * would otherwise let OpenMetadata store a credential that never becomes a Secret). Two stages,
 * because a value is known only after the reconciler resolved it: {@link #target} (where it goes)
 * and {@link #value} (what it is). Pure.
 */
public final class Admission {

  /** How messages name a value given inline. */
  public static final String INLINE = "spec.value";

  private final SecretNaming naming;
  private final Policy policy;

  public Admission(SecretNaming naming, Policy policy) {
    this.naming = naming;
    this.policy = policy;
  }

  /**
   * The Secret a resource's value goes to.
   *
   * @param secretName known once the name rule passed, also when a later rule denies
   */
  public record Target(String secretName, Optional<Denial> denial) {}

  /** Rules {@link Rule#SPEC} to {@link Rule#PREFIX} on a resource's spec. */
  public Target target(OpenMetadataSecretSpec spec) {
    Optional<String> problem = SpecValidator.validate(spec);
    if (problem.isPresent()) {
      return new Target(null, Optional.of(new Denial(Rule.SPEC, problem.get())));
    }
    return target(spec.getPath(), spec.getValue() != null);
  }

  /**
   * Rules {@link Rule#NAME} to {@link Rule#PREFIX} on a path, for a caller that builds the spec
   * itself.
   *
   * @param plaintext whether the value sits in the resource as plain text
   */
  public Target target(String path, boolean plaintext) {
    String name;
    try {
      name = naming.secretName(path);
    } catch (InvalidSecretNameException e) {
      return new Target(null, Optional.of(new Denial(Rule.NAME, "spec.path: " + e.getMessage())));
    }
    return new Target(name, policy.check(path, name, plaintext));
  }

  /**
   * Rules {@link Rule#EMPTY} to {@link Rule#SIZE}, once the value is known.
   *
   * @param what the value as messages name it ({@link #describe})
   */
  public Optional<Denial> value(String what, byte[] value) {
    if (value.length == 0) {
      return Optional.of(
          new Denial(
              Rule.EMPTY, what + " is empty; OpenMetadata stores no Secret for an empty value"));
    }
    Optional<String> unreadable = OpenMetadataValue.problem(value);
    if (unreadable.isPresent()) {
      return Optional.of(new Denial(Rule.UNREADABLE, what + " " + unreadable.get()));
    }
    return policy.checkSize(value.length);
  }

  /**
   * Rule {@link Rule#UNREADABLE} on an inline value's text, before it becomes bytes: an unpaired
   * surrogate has no UTF-8 form and would silently turn into '?'.
   */
  public static Optional<Denial> inlineText(String text) {
    return OpenMetadataValue.problem(text).map(p -> new Denial(Rule.UNREADABLE, INLINE + " " + p));
  }

  /** The value rules on an inline value: its text, then its bytes. */
  public Optional<Denial> inlineValue(String text) {
    return inlineText(text).or(() -> value(INLINE, text.getBytes(StandardCharsets.UTF_8)));
  }

  /** How messages name the value of a valid spec: inline, sealed, or which key of which Secret. */
  public static String describe(OpenMetadataSecretSpec spec) {
    if (spec.getValueFrom() != null) {
      return "key "
          + spec.getValueFrom().getSecretKeyRef().getKey()
          + " of source Secret "
          + spec.getValueFrom().getSecretKeyRef().getName();
    }
    return spec.getEncryptedValue() != null ? "the sealed value" : INLINE;
  }
}
