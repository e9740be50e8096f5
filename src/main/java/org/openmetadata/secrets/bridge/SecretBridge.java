package org.openmetadata.secrets.bridge;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.bridge.WriteProgress.SecretLookup;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.keys.KeyRingStore;
import org.openmetadata.secrets.metrics.BridgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out OpenMetadata's Secret calls against the cluster with the bridge's own identity: the
 * {@link Translation} decides, this class reads and writes. A write seals the value with the
 * operator's published key, writes the {@code OpenMetadataSecret}, waits on the watched resources
 * for the operator's status, and returns only once a read with this identity gives the new value
 * back (or 504 after the write timeout).
 */
public final class SecretBridge implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SecretBridge.class);

  /**
   * Reads of a just-synced Secret are retried soon (the reader Role follows within ms), then less
   * often.
   */
  private static final long FIRST_POLL_MILLIS = 20;

  private static final long MAX_POLL_MILLIS = 100;

  /**
   * The published key is re-read this often: a rotation keeps old keys, so a stale one still opens.
   */
  private static final long KEY_TTL_NANOS = TimeUnit.SECONDS.toNanos(60);

  /**
   * Optimistic-lock retries of a replace: the operator's status patches move resourceVersion too.
   */
  private static final int REPLACE_ATTEMPTS = 3;

  private final KubernetesClient client;
  private final Translation translation;
  private final String operatorNamespace;
  private final Duration writeTimeout;
  private final Clock clock;
  private final ResourceCache resources;
  private final BridgeMetrics metrics;
  private volatile String identity;
  private volatile PublicKey key;
  private volatile long keyFetched;

  public SecretBridge(
      KubernetesClient client,
      Translation translation,
      String operatorNamespace,
      Duration writeTimeout,
      Clock clock,
      BridgeMetrics metrics) {
    this.client = client;
    this.translation = translation;
    this.operatorNamespace = operatorNamespace;
    this.writeTimeout = writeTimeout;
    this.clock = clock;
    this.resources = new ResourceCache(client);
    this.metrics = metrics;
  }

  /** Starts watching the resources of these namespaces now rather than on the first call there. */
  public void prime(Iterable<String> namespaces) {
    resources.prime(namespaces);
  }

  /** Answers one HTTP request: parsed into a call, or refused before anything is written. */
  public Answer answer(ApiRequest request) {
    try {
      return handle(Requests.parse(request));
    } catch (Refusal refusal) {
      metrics.answered("other", refusal.status().getCode(), Duration.ZERO);
      return Answer.of(refusal.status());
    }
  }

  /** Answers one call; every failure becomes a Status, and no message ever holds a value. */
  public Answer handle(SecretCall call) {
    long start = System.nanoTime();
    String verb = call.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    Answer answer;
    try {
      if (call instanceof SecretCall.Create create) {
        answer = create(create);
      } else if (call instanceof SecretCall.Replace replace) {
        answer = replace(replace);
      } else if (call instanceof SecretCall.Read read) {
        answer = read(read);
      } else {
        answer = delete((SecretCall.Delete) call);
      }
    } catch (Refusal refusal) {
      answer = Answer.of(refusal.status());
    } catch (KubernetesClientException e) {
      answer = Answer.of(KubeStatus.apiFailure(call.name(), e.getCode()));
    } catch (RuntimeException e) {
      // Answered 500 by the server's edge; counted here, where the verb is known.
      metrics.answered(verb, 500, Duration.ofNanos(System.nanoTime() - start));
      throw e;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    long millis = took.toMillis();
    metrics.answered(verb, answer.code(), took);
    if (answer.code() >= 500) {
      LOG.warn(
          "{} {}/{}: HTTP {} in {} ms: {}",
          verb,
          call.namespace(),
          call.name(),
          answer.code(),
          millis,
          ((Status) answer.body()).getMessage());
    } else if (call instanceof SecretCall.Read) {
      LOG.debug(
          "read {}/{}: HTTP {} in {} ms", call.namespace(), call.name(), answer.code(), millis);
    } else {
      LOG.info(
          "{} {}/{}: HTTP {} in {} ms", verb, call.namespace(), call.name(), answer.code(), millis);
    }
    return answer;
  }

  private Answer create(SecretCall.Create call) throws Refusal {
    String ns = call.namespace();
    String name = call.name();
    String path = translation.checkWrite(ns, name, call.value());
    String sealed = Sealer.seal(sealingKey(), new Scope(ns, name, path), call.value());
    OpenMetadataSecret created;
    try {
      created =
          client
              .resource(
                  BridgeResources.newResource(
                      ns, name, path, sealed, call.immutable(), authorship()))
              .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new Refusal(KubeStatus.alreadyExists(name, "OpenMetadataSecret " + name + " exists"));
      }
      throw e;
    }
    try {
      return new Answer(201, awaitWrite(created, call.value()));
    } catch (Refusal refusal) {
      // The operator refused it for good (a foreign Secret of that name, a collision...): take it
      // back, so a failed create leaves nothing behind. A timeout keeps it: it is on its way.
      if (refusal.status().getCode() != 504) {
        deleteExactly(
            ns,
            name,
            created.getMetadata().getUid()); // when gone or replaced meanwhile, not ours to take
      }
      throw refusal;
    }
  }

  private Answer replace(SecretCall.Replace call) throws Refusal {
    String ns = call.namespace();
    String name = call.name();
    translation.checkWrite(ns, name, call.value());
    for (int attempt = 1; ; attempt++) {
      // Whole from the API server: the watched copy lacks the annotations and fields the update
      // must keep.
      OpenMetadataSecret existing = resource(ns, name);
      String path = translation.checkReplace(name, existing);
      String sealed = Sealer.seal(sealingKey(), new Scope(ns, name, path), call.value());
      try {
        OpenMetadataSecret updated =
            client.resource(BridgeResources.replaced(existing, sealed, authorship())).update();
        return new Answer(200, awaitWrite(updated, call.value()));
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == REPLACE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private Answer read(SecretCall.Read call) throws Refusal {
    String ns = call.namespace();
    String name = call.name();
    translation.checkServed(ns, name);
    SecretLookup lookup = lookupSecret(ns, name);
    if (lookup.code() == 403) {
      throw new Refusal(Translation.unreadable(name, resources.get(ns, name)));
    }
    OpenMetadataSecret controller =
        lookup.code() != 200
            ? null
            : BridgeResources.resourceController(lookup.secret())
                .map(ref -> resources.get(ns, ref.getName()))
                .orElse(null);
    return new Answer(200, translation.readable(name, lookup, controller));
  }

  private Answer delete(SecretCall.Delete call) throws Refusal {
    String ns = call.namespace();
    String name = call.name();
    translation.checkServed(ns, name);
    String uid = translation.checkDelete(name, resources.get(ns, name));
    Optional<Status> refused = deleteExactly(ns, name, uid);
    if (refused.isPresent()) {
      throw new Refusal(refused.get());
    }
    // With deletionPolicy Retain the operator's finalizer releases the Secret first; wait for that.
    Deadline deadline = new Deadline();
    while (true) {
      long seen = resources.version();
      OpenMetadataSecret current = resources.get(ns, name);
      if (current == null || !uid.equals(current.getMetadata().getUid())) {
        return new Answer(200, KubeStatus.deleted(name, uid));
      }
      if (deadline.passed()) {
        throw new Refusal(
            KubeStatus.timeout(
                name,
                "OpenMetadataSecret "
                    + ns
                    + "/"
                    + name
                    + " is being deleted, but"
                    + " its finalizer was not released after "
                    + writeTimeout.toSeconds()
                    + "s (deletionPolicy Retain: the"
                    + " operator releases the Secret first; is it running?)"));
      }
      deadline.awaitChange(seen);
    }
  }

  /**
   * Waits until the operator has synced this generation (on the watched resources) and the Secret,
   * read with this identity, holds the value: what OpenMetadata's next read will see. Gives the
   * Secret, or refuses with the operator's failure or a 504.
   */
  private Secret awaitWrite(OpenMetadataSecret written, byte[] value) throws Refusal {
    String ns = written.getMetadata().getNamespace();
    String name = written.getMetadata().getName();
    String uid = written.getMetadata().getUid();
    long generation = written.getMetadata().getGeneration();
    Deadline deadline = new Deadline();
    boolean cached = false;
    while (true) {
      long seen = resources.version();
      OpenMetadataSecret current = resources.get(ns, name);
      boolean ours = current != null && uid.equals(current.getMetadata().getUid());
      cached |= ours;
      // Until the watch has brought the write, the cache may not have it at all: not a deletion.
      WriteProgress progress =
          cached
              ? WriteProgress.ofResource(name, current, uid, generation)
              : WriteProgress.NOT_SYNCED;
      SecretLookup lookup = null;
      if (progress instanceof WriteProgress.Done done) {
        lookup = lookupSecret(ns, name);
        progress = WriteProgress.ofSecret(name, lookup, done.superseded() ? null : value);
      }
      if (progress instanceof WriteProgress.Done) {
        return BridgeResources.shown(lookup.secret());
      }
      if (progress instanceof WriteProgress.Failed failed) {
        if (failed.status().getCode() == 500) {
          key = null; // it did not open: the key ring may have been replaced
        }
        throw new Refusal(failed.status());
      }
      if (deadline.passed()) {
        throw new Refusal(
            KubeStatus.timedOut(
                ns, name, ((WriteProgress.Pending) progress).why(), writeTimeout.toSeconds()));
      }
      if (lookup == null) {
        deadline.awaitChange(seen); // the operator's status arrives as an event
      } else {
        deadline.pause(); // the reader Role, which this identity cannot watch, follows in a moment
      }
    }
  }

  /** The write timeout from now, the growing pause between two reads, and waits for events. */
  private final class Deadline {
    private final long end = System.nanoTime() + writeTimeout.toNanos();
    private long pause = FIRST_POLL_MILLIS;

    boolean passed() {
      return System.nanoTime() - end >= 0;
    }

    void pause() throws Refusal {
      try {
        Thread.sleep(
            Math.max(1, Math.min(pause, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Refusal(KubeStatus.unavailable("the bridge is shutting down"));
      }
      pause = Math.min(pause * 2, MAX_POLL_MILLIS);
    }

    void awaitChange(long seen) throws Refusal {
      try {
        resources.awaitChange(
            seen, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Refusal(KubeStatus.unavailable("the bridge is shutting down"));
      }
    }
  }

  @Override
  public void close() {
    resources.close();
  }

  /** Deletes the resource only while it has this UID (what the bridge checked); else why not. */
  private Optional<Status> deleteExactly(String namespace, String name, String uid) {
    try {
      client.raw(
          BridgeResources.resourcePath(namespace, name),
          "DELETE",
          BridgeResources.deleteExactly(uid));
      return Optional.empty();
    } catch (KubernetesClientException e) {
      return Optional.of(KubeStatus.notDeleted(namespace, name, uid, e.getCode()));
    }
  }

  private OpenMetadataSecret resource(String namespace, String name) {
    return client.resources(OpenMetadataSecret.class).inNamespace(namespace).withName(name).get();
  }

  /**
   * A Secret read as OpenMetadata's own read goes: 403 is an answer (not managed, or not yet
   * granted).
   */
  private SecretLookup lookupSecret(String namespace, String name) {
    try {
      Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
      return new SecretLookup(secret == null ? 404 : 200, secret);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return new SecretLookup(403, null);
      }
      throw e;
    }
  }

  /**
   * The operator's active public key, re-read after {@link #KEY_TTL_NANOS} or when a value did not
   * open.
   */
  private PublicKey sealingKey() throws Refusal {
    PublicKey cached = key;
    if (cached != null && System.nanoTime() - keyFetched < KEY_TTL_NANOS) {
      return cached;
    }
    ConfigMap published =
        client
            .configMaps()
            .inNamespace(operatorNamespace)
            .withName(KeyRingStore.CONFIG_MAP_NAME)
            .get();
    String pem =
        published == null || published.getData() == null
            ? null
            : published.getData().get(KeyRingStore.CERT_KEY);
    if (pem == null) {
      throw new Refusal(
          KubeStatus.unavailable(
              "the operator's sealing key is not published in ConfigMap "
                  + operatorNamespace
                  + "/"
                  + KeyRingStore.CONFIG_MAP_NAME
                  + " (is the operator installed there?"
                  + " OM_SM_OPERATOR_NAMESPACE)"));
    }
    try {
      PublicKey fetched = Pem.parsePublicKey(pem);
      keyFetched = System.nanoTime();
      key = fetched;
      return fetched;
    } catch (IllegalArgumentException e) {
      throw new Refusal(
          KubeStatus.internalError(
              null,
              "ConfigMap "
                  + operatorNamespace
                  + "/"
                  + KeyRingStore.CONFIG_MAP_NAME
                  + " does not hold a public key"));
    }
  }

  private BridgeResources.Authorship authorship() {
    return new BridgeResources.Authorship(identity(), clock.instant());
  }

  /** The bridge's Kubernetes user, as the API server authenticates it (asked once). */
  private String identity() {
    String known = identity;
    if (known == null) {
      SelfSubjectReview review =
          client.authentication().v1().selfSubjectReviews().create(new SelfSubjectReview());
      known = review.getStatus().getUserInfo().getUsername();
      identity = known;
    }
    return known;
  }
}
