package org.openmetadata.secrets.reconciler;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.Reason;
import org.openmetadata.secrets.desired.DesiredSecret;
import org.openmetadata.secrets.metrics.OperatorMetrics;
import org.openmetadata.secrets.naming.SecretNaming;

/**
 * Brings the cluster to the desired Secret: creates it, updates or replaces it on a difference,
 * adopts a foreign Secret only when it is annotated for this resource (spending the annotation),
 * and otherwise leaves a foreign Secret untouched: one that carries our label and an ownerReference
 * to some resource but is not that resource's Secret ({@link DesiredSecret#isOwnedBy}) is foreign
 * too. Every write is recorded as an Event; no-ops write nothing.
 */
public class SecretWriter {

  private final SecretStore store;
  private final SecretNaming naming;
  private final Function<ResourceID, Optional<OpenMetadataSecret>> resources;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Duration recheck;

  /**
   * @param resources the live resources, by namespace and name
   */
  public SecretWriter(
      SecretStore store,
      SecretNaming naming,
      Function<ResourceID, Optional<OpenMetadataSecret>> resources,
      EventRecorder events,
      OperatorMetrics metrics,
      Duration recheck) {
    this.store = store;
    this.naming = naming;
    this.resources = resources;
    this.events = events;
    this.metrics = metrics;
    this.recheck = recheck;
  }

  /**
   * @param wasSynced whether the resource's status already said Synced for this Secret at this
   *     generation: a missing Secret is then drift, not a first creation
   */
  public Outcome apply(OpenMetadataSecret owner, Secret desired, boolean wasSynced) {
    String namespace = desired.getMetadata().getNamespace();
    String name = desired.getMetadata().getName();
    Optional<Secret> cached = store.managed(namespace, name);
    if (cached.isEmpty()) {
      return create(owner, desired, wasSynced);
    }
    Secret actual = cached.get();
    if (!DesiredSecret.isOwnedBy(actual, owner, naming)) {
      return claim(owner, desired, actual);
    }
    if (!DesiredSecret.differs(actual, desired)) {
      return Outcome.synced(name);
    }
    EventReason reason =
        store.editedByOthers(actual) ? EventReason.DriftRepaired : EventReason.Updated;
    write(owner, actual, desired, reason);
    return Outcome.synced(name);
  }

  /** Removes this resource's ownership from its Secret so the Secret survives the resource. */
  public void release(OpenMetadataSecret owner, String name) {
    String namespace = owner.getMetadata().getNamespace();
    Optional<Secret> cached = store.managed(namespace, name);
    if (cached.isEmpty() || !DesiredSecret.isOwnedBy(cached.get(), owner, naming)) {
      return;
    }
    Secret released = DesiredSecret.release(cached.get(), owner);
    store.update(cached.get(), released);
    store.forget(namespace, name);
    metrics.secretWritten("released");
    events.record(
        owner,
        EventReason.Released,
        "released Secret " + name + "; it is kept (deletionPolicy Retain)");
  }

  private Outcome create(OpenMetadataSecret owner, Secret desired, boolean wasSynced) {
    String name = desired.getMetadata().getName();
    try {
      store.create(desired);
    } catch (SecretStore.AlreadyExistsException e) {
      // Not in our cache, so not labeled as ours: someone else's Secret holds the name.
      Optional<Secret> existing = store.get(desired.getMetadata().getNamespace(), name);
      if (existing.isEmpty()) {
        throw new IllegalStateException(
            "Secret " + name + " vanished while being created; retrying");
      }
      return claim(owner, desired, existing.get());
    }
    // A first create gets no Event: the Ready condition's transition already tells it, and at scale
    // that Event
    // was a third of every new resource's writes (docs/benchmarks.md). A repair is news to someone:
    // it has one.
    if (wasSynced) {
      metrics.secretWritten("drift-repaired");
      events.record(owner, EventReason.DriftRepaired, "recreated deleted Secret " + name);
    } else {
      metrics.secretWritten("created");
    }
    return Outcome.synced(name);
  }

  private Outcome claim(OpenMetadataSecret owner, Secret desired, Secret existing) {
    String name = desired.getMetadata().getName();
    String namespace = desired.getMetadata().getNamespace();
    Optional<OwnerReference> controller = DesiredSecret.controllerOf(existing);
    if (controller.isPresent() && OpenMetadataSecret.KIND.equals(controller.get().getKind())) {
      Optional<OpenMetadataSecret> named =
          resources
              .apply(new ResourceID(controller.get().getName(), namespace))
              .filter(r -> r.getMetadata().getUid().equals(controller.get().getUid()));
      if (named.isPresent() && !DesiredSecret.isOwnedBy(existing, named.get(), naming)) {
        // A live resource that does not map to this name (a copied ownerReference, or its path
        // changed since):
        // nothing will release this Secret, and it is not the operator's to overwrite.
        metrics.conflict();
        return Outcome.failed(
                Reason.Conflict,
                "Secret "
                    + name
                    + " names OpenMetadataSecret "
                    + controller.get().getName()
                    + " as its controller but"
                    + " is not the Secret the operator writes for it (that one is named after its path); it is left"
                    + " untouched. Delete it, or remove its ownerReference, to let this resource write its own",
                name)
            .recheckAfter(recheck);
      }
      return Outcome.failed(
              Reason.Conflict,
              "Secret "
                  + name
                  + " is controlled by OpenMetadataSecret "
                  + controller.get().getName()
                  + " (uid "
                  + controller.get().getUid()
                  + "); waiting for it to be released or deleted",
              name)
          .recheckAfter(recheck);
    }
    Map<String, String> annotations = existing.getMetadata().getAnnotations();
    String adoptFor = annotations == null ? null : annotations.get(DesiredSecret.ADOPT_ANNOTATION);
    // Only an unowned Secret can be handed over. The adoption removes the annotation, and a
    // release removes it too, so a resource that later reuses the name finds a plain conflict.
    if (owner.getMetadata().getName().equals(adoptFor) && controller.isEmpty()) {
      write(owner, existing, desired, EventReason.Adopted);
      return Outcome.synced(name);
    }
    metrics.conflict();
    return Outcome.failed(
            Reason.Conflict,
            "Secret "
                + name
                + " exists and is not managed by this resource; it is left untouched."
                + " To hand it over, annotate it "
                + DesiredSecret.ADOPT_ANNOTATION
                + "="
                + owner.getMetadata().getName(),
            name)
        .recheckAfter(recheck);
  }

  private void write(OpenMetadataSecret owner, Secret actual, Secret desired, EventReason reason) {
    String name = desired.getMetadata().getName();
    if (DesiredSecret.needsReplacement(actual, desired)) {
      store.delete(actual);
      store.create(desired);
      metrics.secretWritten("replaced");
      events.record(
          owner,
          reason == EventReason.Updated ? EventReason.Replaced : reason,
          "replaced immutable Secret " + name + " (deleted and created again)");
      return;
    }
    store.update(actual, DesiredSecret.mergeInto(actual, desired));
    metrics.secretWritten(
        switch (reason) {
          case Adopted -> "adopted";
          case DriftRepaired -> "drift-repaired";
          default -> "updated";
        });
    events.record(
        owner,
        reason,
        switch (reason) {
          case Adopted ->
              "adopted existing Secret "
                  + name
                  + " (annotated "
                  + DesiredSecret.ADOPT_ANNOTATION
                  + ")";
          case DriftRepaired ->
              "restored Secret " + name + " after it was changed outside the operator";
          default -> "updated Secret " + name;
        });
  }
}
