package org.openmetadata.secrets.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.config.Labels;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.desired.DesiredSecret;
import org.openmetadata.secrets.keys.KeyRingStore;
import org.openmetadata.secrets.keys.KeyUsage;
import org.openmetadata.secrets.metrics.OperatorMetrics;
import org.openmetadata.secrets.naming.SecretNaming;

/**
 * What the reconciler works with that needs the framework's informers, built once from its {@link
 * EventSourceContext}: the event sources to register and the collaborators that read them.
 */
record Collaborators(
    SecretWriter writer,
    ValueResolver values,
    ReaderRoles readers,
    BreakerRecord breakerRecord,
    List<EventSource<?, OpenMetadataSecret>> eventSources)
    implements AutoCloseable {

  static final String BY_SECRET_NAME = "bySecretName";
  static final String BY_SOURCE = "bySourceSecret";

  /** Reader Role writes for a namespace are gathered over this long. */
  private static final long READER_ROLE_DELAY_MILLIS = 500;

  static Collaborators build(
      EventSourceContext<OpenMetadataSecret> context,
      OperatorConfig config,
      KeyRingStore keys,
      EventRecorder events,
      OperatorMetrics metrics,
      DeletionBreaker breaker) {
    var primaries = context.getPrimaryCache();
    index(primaries, config.naming());
    KnownVersions known = new KnownVersions();
    var managed = managedSecrets(context, primaries, known);
    var sources =
        new InformerEventSource<>(
            secrets("source-secrets", Labels.SOURCE_SELECTOR, primaries, BY_SOURCE).build(),
            context);
    var client = context.getClient();
    var store = new SecretStore(client, managed, sources, known);
    metrics.managedSecrets(store::managedCount);
    // The cache holds each value's header and digest, not the value: a pass reads little per
    // resource.
    metrics.sealedValues(
        () ->
            KeyUsage.gauge(
                primaries
                    .list()
                    .map(r -> r.getSpec() == null ? null : r.getSpec().getEncryptedValue())
                    .filter(Objects::nonNull)
                    .toList(),
                keys.current(),
                keys.tombstones()));
    var breakerRecord =
        new BreakerRecord(
            client,
            config.operatorNamespace(),
            breaker,
            ns -> primaries.list(ns).map(ResourceID::fromResource));
    return new Collaborators(
        new SecretWriter(
            store, config.naming(), primaries::get, events, metrics, config.recheckInterval()),
        new ValueResolver(store, config.naming(), new StoredValues(client, metrics), keys, metrics),
        new ReaderRoles(
            client,
            config.readerSubjects(),
            ns -> readableNames(ns, primaries, managed, config.naming()),
            READER_ROLE_DELAY_MILLIS),
        breakerRecord,
        List.of(managed, sources, breakerRecord));
  }

  /**
   * A managed Secret's event concerns every resource that maps to its name: the owner, and the
   * losers of a name collision that take over when it goes away. Additions and updates that only
   * echo what a reconciliation did or saw are dropped; deletions always count.
   */
  private static InformerEventSource<Secret, OpenMetadataSecret> managedSecrets(
      EventSourceContext<OpenMetadataSecret> context,
      IndexerResourceCache<OpenMetadataSecret> primaries,
      KnownVersions known) {
    return new InformerEventSource<>(
        secrets("managed-secrets", Labels.MANAGED_SELECTOR, primaries, BY_SECRET_NAME)
            .withOnAddFilter(s -> known.isNews(s, null))
            .withOnUpdateFilter(known::isNews)
            .withOnDeleteFilter(
                (s, unknown) -> {
                  known.forget(ResourceID.fromResource(s));
                  return true;
                })
            .build(),
        context);
  }

  /**
   * The Secrets with a label, paged; an event concerns the resources that {@code index} maps its
   * name to.
   */
  private static InformerEventSourceConfiguration.Builder<Secret> secrets(
      String name,
      String labelSelector,
      IndexerResourceCache<OpenMetadataSecret> primaries,
      String index) {
    return InformerEventSourceConfiguration.from(Secret.class, OpenMetadataSecret.class)
        .withName(name)
        .withInformerListLimit(OpenMetadataSecretReconciler.LIST_PAGE_SIZE)
        .withLabelSelector(labelSelector)
        .withSecondaryToPrimaryMapper(s -> resourcesByIndex(primaries, index, s));
  }

  /**
   * The resources that map to a Secret name, and those that copy a source Secret, by
   * namespace/name.
   */
  private static void index(
      IndexerResourceCache<OpenMetadataSecret> primaries, SecretNaming naming) {
    primaries.addIndexer(
        BY_SECRET_NAME,
        cr ->
            OpenMetadataSecretReconciler.secretName(naming, cr).map(n -> key(cr, n)).stream()
                .toList());
    primaries.addIndexer(
        BY_SOURCE,
        cr ->
            Optional.ofNullable(cr.getSpec())
                .map(s -> s.getValueFrom())
                .map(v -> v.getSecretKeyRef())
                .map(ref -> key(cr, ref.getName()))
                .stream()
                .toList());
  }

  /**
   * Secrets in a namespace that a live resource owns ({@link DesiredSecret#isOwnedBy}): the ones
   * readers may get.
   */
  private static Set<String> readableNames(
      String namespace,
      IndexerResourceCache<OpenMetadataSecret> primaries,
      InformerEventSource<Secret, OpenMetadataSecret> managed,
      SecretNaming naming) {
    Map<String, OpenMetadataSecret> live =
        primaries
            .list(namespace)
            .collect(Collectors.toMap(cr -> cr.getMetadata().getUid(), cr -> cr, (a, b) -> a));
    return managed
        .list(
            namespace,
            s ->
                DesiredSecret.controllerOf(s)
                    .map(r -> live.get(r.getUid()))
                    .map(owner -> DesiredSecret.isOwnedBy(s, owner, naming))
                    .orElse(false))
        .map(s -> s.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  static String key(OpenMetadataSecret resource, String name) {
    return resource.getMetadata().getNamespace() + "/" + name;
  }

  private static Set<ResourceID> resourcesByIndex(
      IndexerResourceCache<OpenMetadataSecret> cache, String index, Secret secret) {
    String key = secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
    return cache.byIndex(index, key).stream()
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /** Stops the thread that writes reader Roles; the event sources are the framework's to stop. */
  @Override
  public void close() {
    readers.close();
  }
}
