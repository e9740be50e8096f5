package org.openmetadata.secrets.reconciler;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;
import org.openmetadata.secrets.api.Reason;
import org.openmetadata.secrets.policy.Admission;
import org.openmetadata.secrets.policy.Denial;
import org.openmetadata.secrets.policy.Rule;

/**
 * The reconciler's admission: the shared {@link Admission} rules with its own two steps in their
 * places: the name collision (it needs the cache of resources) once the Secret name is known, and
 * the value's resolution (the API server, the key ring) before the value rules. Pure given those
 * two.
 */
public final class AdmissionStep {

  private AdmissionStep() {}

  /** The older resource that already manages a Secret name, if another one does. */
  public interface Collisions {
    Optional<String> olderOwner(String secretName);
  }

  /**
   * The Secret name and the value to write, or the failure to report.
   *
   * @param denied the rule a failure broke, when admission refused (for the policy metric)
   */
  public record Verdict(String secretName, byte[] value, Outcome failure, Optional<Rule> denied) {

    public boolean admitted() {
      return failure == null;
    }
  }

  /**
   * @param resolve the value for a Secret name
   * @param recheck when to look again at a failure that may end with no change to the resource (a
   *     source appearing, a key coming back), which raises no event when it does
   */
  public static Verdict run(
      Admission admission,
      OpenMetadataSecretSpec spec,
      Collisions collisions,
      Function<String, ValueResolver.Resolution> resolve,
      Duration recheck) {
    Admission.Target target = admission.target(spec);
    String name = target.secretName();
    if (target.denial().isPresent()) {
      return refused(target.denial().get(), name);
    }
    Optional<String> owner = collisions.olderOwner(name);
    if (owner.isPresent()) {
      return failed(
          Outcome.failed(
              Reason.NameCollision,
              "path maps to Secret "
                  + name
                  + ", which OpenMetadataSecret "
                  + owner.get()
                  + " (older) already manages",
              name));
    }
    ValueResolver.Resolution value = resolve.apply(name);
    if (value.denied().isPresent()) {
      return refused(new Denial(value.denied().get(), value.message()), name);
    }
    if (!value.ok()) {
      Outcome failed = Outcome.failed(value.failure(), value.message(), name);
      return failed(value.healsAlone() ? failed.recheckAfter(recheck) : failed);
    }
    Optional<Denial> denied = admission.value(Admission.describe(spec), value.value());
    return denied.isPresent()
        ? refused(denied.get(), name)
        : new Verdict(name, value.value(), null, Optional.empty());
  }

  private static Verdict refused(Denial denial, String name) {
    return new Verdict(
        name,
        null,
        Outcome.failed(denial.reason(), denial.message(), name),
        Optional.of(denial.rule()));
  }

  private static Verdict failed(Outcome outcome) {
    return new Verdict(outcome.secretName(), null, outcome, Optional.empty());
  }
}
