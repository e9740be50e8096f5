package org.openmetadata.secrets.reconciler;

import static org.openmetadata.secrets.api.ReaderRole.NAME;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.openmetadata.secrets.config.Labels;
import org.openmetadata.secrets.config.Subject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps, per watched namespace, a Role that grants {@code get} on exactly the Secrets the operator
 * manages there (by resourceNames) and a RoleBinding to the configured readers. Requests are
 * coalesced per namespace (at most one sync per delay), and the API is written only when the
 * desired Role or binding changed. A request after a quiet spell syncs at once: a new Secret is
 * readable as soon as it is written (the bridge's writes wait for that). Each subject is bound only
 * in the namespaces its configuration grants it ({@link Subject#grantedIn(String)}). Where no
 * reader is granted it removes, once per namespace, a Role and binding it wrote earlier, which
 * would otherwise keep granting what nobody asks for any more.
 */
public class ReaderRoles implements AutoCloseable {

  static final Map<String, String> LABELS = Labels.partOfOperator("reader-rbac");
  private static final Logger LOG = LoggerFactory.getLogger(ReaderRoles.class);

  private final KubernetesClient client;
  private final List<Subject> subjects;
  private final Function<String, Set<String>> managedNames;
  private final long delayMillis;
  private final ScheduledExecutorService executor;
  private final Set<String> pending = ConcurrentHashMap.newKeySet();

  /** When each namespace's last sync started (System.nanoTime). */
  private final Map<String, Long> lastSync = new ConcurrentHashMap<>();

  /** What was last written (or found) per namespace; equal desired state means no call at all. */
  private final Map<String, SortedSet<String>> written = new ConcurrentHashMap<>();

  /** Namespaces already cleared of a stale Role, when readers are off. */
  private final Set<String> cleared = ConcurrentHashMap.newKeySet();

  /**
   * @param managedNames the names of the Secrets the operator manages in a namespace
   * @param delayMillis how long requests for one namespace are gathered into one write
   */
  public ReaderRoles(
      KubernetesClient client,
      List<Subject> subjects,
      Function<String, Set<String>> managedNames,
      long delayMillis) {
    this.client = client;
    this.subjects = List.copyOf(subjects);
    this.managedNames = managedNames;
    this.delayMillis = delayMillis;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "reader-roles");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * The readers granted in {@code namespace}: a subject reads only where its configuration grants
   * it.
   */
  private List<Subject> readersIn(String namespace) {
    return subjects.stream().filter(s -> s.grantedIn(namespace)).toList();
  }

  /** Asks for the namespace's Role to be brought up to date soon. */
  public void requestSync(String namespace) {
    if ((!readersIn(namespace).isEmpty() || !cleared.contains(namespace))
        && pending.add(namespace)) {
      Long last = lastSync.get(namespace);
      long sinceMillis =
          last == null ? Long.MAX_VALUE : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - last);
      long wait = delay(sinceMillis, delayMillis);
      executor.schedule(
          () -> {
            pending.remove(namespace);
            lastSync.put(namespace, System.nanoTime());
            sync(namespace);
          },
          wait,
          TimeUnit.MILLISECONDS);
      if (wait == 0) {
        // The informer may not hold a Secret written a moment ago yet: look once more when the
        // window
        // ends (no API call when nothing changed).
        executor.schedule(() -> sync(namespace), delayMillis, TimeUnit.MILLISECONDS);
      }
    }
  }

  /**
   * How long a request waits: the rest of the window since the last sync, nothing after a quiet
   * spell.
   */
  static long delay(long sinceLastSyncMillis, long windowMillis) {
    return Math.max(0, windowMillis - sinceLastSyncMillis);
  }

  void sync(String namespace) {
    List<Subject> readers = readersIn(namespace);
    if (readers.isEmpty()) {
      removeStale(namespace);
      return;
    }
    SortedSet<String> names = new TreeSet<>(managedNames.apply(namespace));
    if (names.equals(written.get(namespace))) {
      return;
    }
    try {
      Role role = role(namespace, names);
      apply(
          role,
          client.rbac().roles().inNamespace(namespace).withName(NAME).get(),
          current -> Objects.equals(current.getRules(), role.getRules()));
      RoleBinding binding = binding(namespace, readers);
      apply(
          binding,
          client.rbac().roleBindings().inNamespace(namespace).withName(NAME).get(),
          current ->
              Objects.equals(current.getSubjects(), binding.getSubjects())
                  && Objects.equals(current.getRoleRef(), binding.getRoleRef()));
      written.put(namespace, names);
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not update the reader Role in {} (HTTP {}); retrying", namespace, e.getCode());
      executor.schedule(() -> requestSync(namespace), 10, TimeUnit.SECONDS);
    }
  }

  /**
   * Deletes the reader binding and Role in {@code namespace} if this operator wrote them (by their
   * labels).
   */
  private void removeStale(String namespace) {
    try {
      for (HasMetadata stale :
          new HasMetadata[] {
            client.rbac().roleBindings().inNamespace(namespace).withName(NAME).get(),
            client.rbac().roles().inNamespace(namespace).withName(NAME).get()
          }) {
        if (stale != null && ours(stale)) {
          client.resource(stale).delete();
          LOG.info(
              "removed the reader {} {} in {}: no reader is granted there",
              stale.getKind(),
              NAME,
              namespace);
        }
      }
      cleared.add(namespace);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        // An RBAC without get/delete on om-secrets-readers (older chart): nothing this run can do.
        cleared.add(namespace);
        LOG.info("cannot look for a stale reader Role in {} (HTTP 403)", namespace);
      } else {
        LOG.warn(
            "could not remove the reader Role in {} (HTTP {}); retrying", namespace, e.getCode());
        executor.schedule(() -> requestSync(namespace), 10, TimeUnit.SECONDS);
      }
    }
  }

  private static boolean ours(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels != null && labels.entrySet().containsAll(LABELS.entrySet());
  }

  /** Creates {@code desired}, or replaces {@code current} when it differs in what we own. */
  private <T extends HasMetadata> void apply(T desired, T current, Predicate<T> same) {
    if (current == null) {
      client.resource(desired).create();
    } else if (!same.test(current)) {
      desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
      client.resource(desired).update();
    }
  }

  /**
   * The Role: no rule at all when nothing is managed (an empty resourceNames would mean every
   * Secret).
   */
  static Role role(String namespace, SortedSet<String> names) {
    RoleBuilder role =
        new RoleBuilder()
            .withNewMetadata()
            .withName(NAME)
            .withNamespace(namespace)
            .withLabels(LABELS)
            .endMetadata();
    if (!names.isEmpty()) {
      role.withRules(
          new PolicyRuleBuilder()
              .withApiGroups("")
              .withResources("secrets")
              .withVerbs("get")
              .withResourceNames(List.copyOf(names))
              .build());
    }
    return role.build();
  }

  static RoleBinding binding(String namespace, List<Subject> subjects) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(namespace)
        .withLabels(LABELS)
        .endMetadata()
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role")
        .withName(NAME)
        .endRoleRef()
        .withSubjects(
            subjects.stream()
                .map(
                    s ->
                        new SubjectBuilder()
                            .withKind(s.kind())
                            .withName(s.name())
                            .withNamespace(s.namespace())
                            .withApiGroup(
                                s.kind().equals("ServiceAccount")
                                    ? null
                                    : "rbac.authorization.k8s.io")
                            .build())
                .toList())
        .build();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
