package org.openmetadata.secrets.cli;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.config.Labels;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.keys.KeyRingStore;
import org.openmetadata.secrets.keys.KeyUsage;
import org.openmetadata.secrets.keys.PublishedKeys;
import org.openmetadata.secrets.keys.RingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The key ring as a user may see it — the public keys the operator publishes in its ConfigMap, not
 * the private ring — with how many resources and files depend on each key; and retiring a key no
 * value depends on, with a backup, and restoring it.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the sealing keys and how many values are sealed to each.",
      "From the ConfigMap "
          + KeyRingStore.CONFIG_MAP_NAME
          + " (public keys only): id, algorithm, created, active, the resources sealed to it in the"
          + " namespaces you can list and, with -f, the files. `keys retire ID --backup FILE` removes a"
          + " key nothing is sealed to; `keys restore FILE` puts it back."
    },
    subcommands = {KeysCommand.Retire.class, KeysCommand.Restore.class})
final class KeysCommand implements Callable<Integer> {

  private static final long PAGE = 500;

  @Spec CommandSpec spec;
  @Mixin KubeOptions kube;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "Count resources in every namespace you can list.")
  boolean allNamespaces;

  @Mixin OperatorNamespace operator;

  @Option(
      names = {"-f", "--filename"},
      description =
          "Also count sealed values in this file, or the YAML/JSON files under this"
              + " directory (repeatable).")
  List<Path> files = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (KubernetesClient client = kube.client()) {
      List<PublishedKeys.Key> keys;
      try {
        keys = published(client);
      } catch (IllegalArgumentException e) {
        err.println("error: " + e.getMessage());
        err.flush();
        return 2;
      }
      Counted counted =
          allNamespaces ? countEverywhere(client) : countIn(client, kube.namespace(client));
      Optional<SealedFiles> scanned =
          files.isEmpty() ? Optional.empty() : Optional.of(SealedFiles.scan(files));
      out.print(
          KeysTable.render(
              keys,
              KeyUsage.byRecipient(counted.recipients()),
              scanned.map(
                  s ->
                      KeyUsage.byRecipient(
                          s.values().stream().map(SealedFiles.Value::keyIds).toList()))));
      out.println();
      out.println("resources counted in: " + join(counted.namespaces()));
      if (!counted.skipped().isEmpty()) {
        out.println("not counted (forbidden to list): " + join(counted.skipped()));
      }
      scanned.ifPresent(
          s -> {
            out.println("files scanned: " + join(files.stream().map(Path::toString).toList()));
            s.unreadable().forEach(u -> err.println("warning: skipped " + u));
          });
      out.flush();
      err.flush();
      return 0;
    }
  }

  private static String join(List<String> items) {
    return items.isEmpty() ? "none" : String.join(", ", items);
  }

  private List<PublishedKeys.Key> published(KubernetesClient client) {
    String where = "ConfigMap " + operator.name + "/" + KeyRingStore.CONFIG_MAP_NAME;
    try {
      Map<String, String> data = SealingKeyOptions.published(client, operator.name);
      if (data.isEmpty()) {
        throw new IllegalArgumentException(
            "not found: is the operator installed in "
                + operator.name
                + "? (--operator-namespace)");
      }
      return PublishedKeys.read(data);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + " " + e.getMessage());
    }
  }

  /** The sealed values of the resources counted, and which namespaces were and were not. */
  record Counted(List<List<String>> recipients, List<String> namespaces, List<String> skipped) {}

  private static Counted countIn(KubernetesClient client, String namespace) {
    try {
      List<OpenMetadataSecret> items = list(client, namespace);
      return counted(items, List.of(namespace), List.of());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      return new Counted(List.of(), List.of(), List.of(namespace));
    }
  }

  /** Cluster-wide when allowed, else namespace by namespace, saying which could not be listed. */
  private static Counted countEverywhere(KubernetesClient client) {
    try {
      return counted(list(client, null), List.of("all namespaces"), List.of());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
    }
    List<String> names;
    try {
      names =
          client.namespaces().list().getItems().stream()
              .map(Namespace::getMetadata)
              .map(m -> m.getName())
              .sorted()
              .toList();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      return new Counted(
          List.of(), List.of(), List.of("all namespaces (namespaces cannot be listed)"));
    }
    List<List<String>> recipients = new ArrayList<>();
    List<String> counted = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (String name : names) {
      Counted one = countIn(client, name);
      recipients.addAll(one.recipients());
      counted.addAll(one.namespaces());
      skipped.addAll(one.skipped());
    }
    return new Counted(recipients, counted, skipped);
  }

  private static Counted counted(
      List<OpenMetadataSecret> items, List<String> namespaces, List<String> skipped) {
    return new Counted(
        items.stream()
            .filter(r -> r.getSpec() != null && r.getSpec().getEncryptedValue() != null)
            .map(r -> Sealer.keyIdsOf(r.getSpec().getEncryptedValue()))
            .toList(),
        namespaces,
        skipped);
  }

  /** Every OpenMetadataSecret of {@code namespace} (null: all), page by page. */
  private static List<OpenMetadataSecret> list(KubernetesClient client, String namespace) {
    var resources = client.resources(OpenMetadataSecret.class);
    var scope = namespace == null ? resources.inAnyNamespace() : resources.inNamespace(namespace);
    List<OpenMetadataSecret> items = new ArrayList<>();
    String page = null;
    do {
      var list = scope.list(new ListOptionsBuilder().withLimit(PAGE).withContinue(page).build());
      items.addAll(list.getItems());
      page = list.getMetadata() == null ? null : list.getMetadata().getContinue();
    } while (page != null && !page.isEmpty());
    return items;
  }

  /** The ring Secret of the operator in {@code namespace}, as the subcommands change it. */
  record Ring(KubernetesClient client, String namespace) {

    String name() {
      return namespace + "/" + KeyRingStore.SECRET_NAME;
    }

    Secret read() {
      Secret stored =
          client.secrets().inNamespace(namespace).withName(KeyRingStore.SECRET_NAME).get();
      if (stored == null || stored.getData() == null) {
        throw new IllegalArgumentException(
            "Secret "
                + name()
                + " not found: is the operator installed in "
                + namespace
                + "? (--operator-namespace)");
      }
      return stored;
    }

    /**
     * Updates the ring as {@code edit} says, at the version read (optimistic locking), reading it
     * again after a conflict; returns the Secret written.
     */
    Secret edit(UnaryOperator<Map<String, String>> edit) {
      for (int attempt = 1; ; attempt++) {
        Secret stored = read();
        Secret next = new SecretBuilder(stored).withData(edit.apply(stored.getData())).build();
        try {
          return client.secrets().inNamespace(namespace).resource(next).update();
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409 || attempt == 3) {
            throw e;
          }
        }
      }
    }

    /**
     * An Event on the ring Secret (reason and key id, never key material); one the user may not
     * write is a warning, since the change itself is made.
     */
    void record(Secret ring, String reason, String message, PrintWriter err) {
      Instant now = Instant.now();
      try {
        client
            .v1()
            .events()
            .inNamespace(namespace)
            .resource(
                new EventBuilder()
                    .withNewMetadata()
                    .withGenerateName(KeyRingStore.SECRET_NAME + ".")
                    .withNamespace(namespace)
                    .withLabels(Labels.partOfOperator("key-ring"))
                    .endMetadata()
                    .withNewInvolvedObject()
                    .withApiVersion("v1")
                    .withKind("Secret")
                    .withNamespace(namespace)
                    .withName(KeyRingStore.SECRET_NAME)
                    .withUid(ring.getMetadata().getUid())
                    .withResourceVersion(ring.getMetadata().getResourceVersion())
                    .endInvolvedObject()
                    .withType("Normal")
                    .withReason(reason)
                    .withMessage(message)
                    .withNewSource()
                    .withComponent("kubectl-om-secrets")
                    .endSource()
                    .withFirstTimestamp(now.toString())
                    .withLastTimestamp(now.toString())
                    .withCount(1)
                    .build())
            .create();
      } catch (KubernetesClientException e) {
        err.println(
            "warning: could not record the "
                + reason
                + " Event in "
                + namespace
                + " (HTTP "
                + e.getCode()
                + ")");
      }
    }
  }

  @Command(
      name = "retire",
      mixinStandardHelpOptions = true,
      description = {
        "Removes a key from the ring, after writing it to a backup file.",
        "Only when no OpenMetadataSecret in any namespace (and, with -f, no file) is sealed to it;"
            + " otherwise it lists them. Never the active key. Needs a cluster-wide list of"
            + " OpenMetadataSecrets and update on the Secret "
            + KeyRingStore.SECRET_NAME
            + ". `keys restore FILE` puts the key back."
      })
  static final class Retire implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin KubeConnection connection;

    @Mixin OperatorNamespace operator;

    @Parameters(paramLabel = "ID", description = "The key id (see `kubectl om-secrets keys`).")
    String keyId;

    @Option(
        names = "--backup",
        required = true,
        paramLabel = "FILE",
        description = "A new file to write the key to first (mode 0600; never overwritten).")
    Path backup;

    @Option(
        names = {"-f", "--filename"},
        description =
            "Also refuse while this file, or a YAML/JSON file under this directory,"
                + " holds a value sealed to the key (repeatable).")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (KubernetesClient client = connection.client()) {
        Ring ring = new Ring(client, operator.name);
        Optional<String> refusal = refusal(client, ring);
        if (refusal.isPresent()) {
          err.println("error: " + refusal.get());
          err.flush();
          return 1;
        }
        writeBackup(RingData.entriesOf(ring.read().getData(), keyId));
        Secret written = ring.edit(data -> RingData.retire(data, keyId, Instant.now()));
        ring.record(
            written,
            "KeyRetired",
            "key " + keyId + " retired from the ring by kubectl om-secrets keys retire",
            err);
        out.println(
            "retired key "
                + keyId
                + " from "
                + ring.name()
                + "; its backup is "
                + backup
                + " (put it back with: kubectl om-secrets keys restore "
                + backup
                + ")");
        out.flush();
        err.flush();
        return 0;
      } catch (IllegalArgumentException | IllegalStateException e) {
        err.println("error: " + e.getMessage());
        err.flush();
        return 1;
      }
    }

    /** Why the key may not be retired, checked before anything is written. */
    private Optional<String> refusal(KubernetesClient client, Ring ring) {
      if (Files.exists(backup)) {
        return Optional.of(
            backup + " exists; name a new file for the backup (one is never overwritten)");
      }
      RingData.retire(ring.read().getData(), keyId, Instant.now()); // throws: unknown, active key
      List<OpenMetadataSecret> all;
      try {
        all = list(client, null);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 403) {
          throw e;
        }
        return Optional.of(
            "cannot list OpenMetadataSecrets in all namespaces (HTTP 403): a key is retired only when"
                + " no resource in any namespace is sealed to it, and the namespaces you cannot list"
                + " may hold some; run this as someone who may list them cluster-wide");
      }
      List<String> holders = new ArrayList<>();
      all.stream()
          .filter(r -> r.getSpec() != null && r.getSpec().getEncryptedValue() != null)
          .filter(r -> Sealer.keyIdsOf(r.getSpec().getEncryptedValue()).contains(keyId))
          .map(
              r -> "  resource " + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
          .sorted()
          .forEach(holders::add);
      if (!files.isEmpty()) {
        SealedFiles scanned = SealedFiles.scan(files);
        scanned.sealedTo(keyId).stream()
            .map(v -> "  file " + v.file() + " (" + v.resource() + ")")
            .forEach(holders::add);
        scanned.unreadable().stream().map(u -> "  unreadable file " + u).forEach(holders::add);
      }
      return holders.isEmpty()
          ? Optional.empty()
          : Optional.of(
              "key "
                  + keyId
                  + " is still needed: these are sealed to it (or cannot be checked); seal them"
                  + " again with the active key, then retry:"
                  + System.lineSeparator()
                  + String.join(System.lineSeparator(), holders));
    }

    /**
     * The key's entries as a Secret manifest that {@code keys restore} takes, created with mode
     * 0600 before the ring changes.
     */
    private void writeBackup(Map<String, String> entries) throws IOException {
      Secret copy =
          new SecretBuilder()
              .withNewMetadata()
              .withName("om-secrets-operator-retired-key-" + keyId)
              .withNamespace(operator.name)
              .addToAnnotations(
                  "secrets.open-metadata.org/retired-key",
                  keyId + "; restore with: kubectl om-secrets keys restore FILE")
              .endMetadata()
              .withType("Opaque")
              .withData(entries)
              .build();
      Files.createFile(
          backup,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (Writer writer =
          Files.newBufferedWriter(
              backup, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
        writer.write(Serialization.asYaml(copy));
      }
    }
  }

  @Command(
      name = "restore",
      mixinStandardHelpOptions = true,
      description = {
        "Puts a retired key back into the ring from the backup `keys retire` wrote.",
        "Values sealed to it open again. Needs update on the Secret "
            + KeyRingStore.SECRET_NAME
            + "."
      })
  static final class Restore implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin KubeConnection connection;

    @Mixin OperatorNamespace operator;

    @Parameters(paramLabel = "FILE", description = "The backup file.")
    Path file;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Map<String, String> backup;
      try {
        Secret read = Serialization.unmarshal(Files.readString(file), Secret.class);
        backup = read == null || read.getData() == null ? Map.of() : read.getData();
      } catch (RuntimeException e) {
        err.println("error: " + file + " is not a key backup (a Secret manifest)");
        err.flush();
        return 1;
      }
      try (KubernetesClient client = connection.client()) {
        Ring ring = new Ring(client, operator.name);
        String[] restored = new String[1];
        Secret written =
            ring.edit(
                data -> {
                  RingData.Restored r = RingData.restore(data, backup, Instant.now());
                  restored[0] = r.keyId();
                  return r.data();
                });
        ring.record(
            written,
            "KeyRestored",
            "key " + restored[0] + " restored to the ring by kubectl om-secrets keys restore",
            err);
        out.println("restored key " + restored[0] + " to " + ring.name());
        out.flush();
        err.flush();
        return 0;
      } catch (IllegalArgumentException | IllegalStateException e) {
        err.println("error: " + file + ": " + e.getMessage());
        err.flush();
        return 1;
      }
    }
  }
}
