package org.openmetadata.secrets.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which managed-Secret events would only repeat what a reconciliation already did, so that each
 * change costs one reconciliation: the event of the operator's own create or update, and, after a
 * restart, a Secret's initial event that arrives once a reconciliation of its owner has already
 * read that very version. JOSDK skips its own writes only when the write's response is handled
 * before the watch event arrives; under load the event often comes first and triggered a second
 * pass.
 */
final class KnownVersions {

  /** A write in progress: the version it replaces, or "" for a create. */
  private final Map<ResourceID, String> inFlight = new ConcurrentHashMap<>();

  /** The version a reconciliation last wrote or read, per Secret. */
  private final Map<ResourceID, Known> acted = new ConcurrentHashMap<>();

  /** A version, and whether someone else made it after the one known before it. */
  private record Known(String version, boolean byOthers) {}

  /** Before a create ({@code replaced} null) or an update of the version {@code replaced}. */
  void writing(ResourceID id, String replaced) {
    inFlight.put(id, replaced == null ? "" : replaced);
  }

  /** After the write, successful ({@code written}) or not (null). */
  void written(ResourceID id, Secret written) {
    if (written != null) {
      acted.put(id, new Known(written.getMetadata().getResourceVersion(), false));
    }
    inFlight.remove(id);
  }

  /** A reconciliation read this version to act on it (repair it, or find it as it should be). */
  void seen(Secret secret) {
    String version = secret.getMetadata().getResourceVersion();
    acted.compute(
        ResourceID.fromResource(secret),
        (id, before) ->
            before == null
                ? new Known(version, false)
                : before.version().equals(version) ? before : new Known(version, true));
  }

  /**
   * Whether an added ({@code before} null) or updated Secret is news to its resources: not the
   * event of a write of ours (in flight, or done with this version) and not a version they were
   * already reconciled against. With optimistic locking, the update that follows the version our
   * update replaces is ours whenever ours succeeds; when it fails, the failure retries anyway.
   */
  boolean isNews(Secret now, Secret before) {
    ResourceID id = ResourceID.fromResource(now);
    String writing = inFlight.get(id);
    if (writing != null
        && (before == null
            ? writing.isEmpty()
            : writing.equals(before.getMetadata().getResourceVersion()))) {
      return false;
    }
    Known known = acted.get(id);
    return known == null || !known.version().equals(now.getMetadata().getResourceVersion());
  }

  /**
   * Whether someone other than this operator changed the Secret after a version it wrote or read.
   */
  boolean changedByOthers(Secret secret) {
    Known known = acted.get(ResourceID.fromResource(secret));
    return known != null
        && (known.byOthers() || !known.version().equals(secret.getMetadata().getResourceVersion()));
  }

  /** The Secret is gone (or no longer managed): nothing to remember for it. */
  void forget(ResourceID id) {
    acted.remove(id);
  }
}
