package org.openmetadata.secrets.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.ResealItem;
import org.openmetadata.secrets.api.ResealResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Has the operator seal values again to its active key, for the same namespace, name and path: in
 * files (each rewritten in place, only the sealed values changed) or in the cluster. The plaintext
 * never leaves the operator.
 */
@Command(
    name = "reseal",
    mixinStandardHelpOptions = true,
    description = {
      "Re-seals sealed values to the active key without seeing them.",
      "Sends the sealed values to the operator in ResealRequests in their namespaces and writes the answers"
          + " back: into the files, replacing only each old sealed value (every other byte stays), or with"
          + " --in-cluster into the live OpenMetadataSecrets (spec.encryptedValue only). A value that does not"
          + " open for its namespace, name and path is refused and left as it was; the exit status is 1 if"
          + " any was refused."
    })
final class ResealCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin KubeOptions kube;

  static final class Target {
    @Option(
        names = {"-f", "--filename"},
        required = true,
        description =
            "A manifest file, or a directory searched recursively for *.yaml, *.yml and *.json;"
                + " repeatable.")
    List<Path> files;

    @Option(
        names = "--in-cluster",
        required = true,
        description =
            "Re-seal the live OpenMetadataSecrets of the namespace (-n, or every one with -A) instead"
                + " of files.")
    boolean inCluster;
  }

  @ArgGroup(multiplicity = "1")
  Target target;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "With --in-cluster: every namespace you may list.")
  boolean allNamespaces;

  @Option(
      names = "--add-cert",
      description =
          "Also seal to this public key (PEM), e.g. another cluster's; repeatable. The operator"
              + " accepts only keys its administrator trusts (OM_SM_TRUSTED_RECIPIENTS).")
  List<Path> addCerts = new ArrayList<>();

  @Option(
      names = "--timeout",
      defaultValue = "60",
      description =
          "Seconds to wait for the operator's answer to each request (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  /** A sealed value found, and where it goes back to. */
  private record Found(Path file, String namespace, SealedDocuments.Sealed sealed) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (KubernetesClient client = kube.client()) {
      List<String> recipients = new ArrayList<>();
      for (Path cert : addCerts) {
        recipients.add(Files.readString(cert, StandardCharsets.US_ASCII));
      }
      var requests = new ResealRequests(client, recipients, Duration.ofSeconds(timeoutSeconds));
      boolean refused =
          target.inCluster
              ? inCluster(client, requests, out, err)
              : files(client, requests, out, err);
      out.flush();
      return refused ? 1 : 0;
    } catch (ResealRequests.Unanswered | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (IOException | UncheckedIOException e) {
      err.println("error: cannot read or write " + e.getMessage());
      return 2;
    } catch (KubernetesClientException e) {
      err.println(
          "error: the API server answered HTTP " + e.getCode() + ": " + e.getStatus().getMessage());
      return 2;
    }
  }

  private boolean files(
      KubernetesClient client, ResealRequests requests, PrintWriter out, PrintWriter err)
      throws IOException, ResealRequests.Unanswered {
    Map<Path, String> texts = new TreeMap<>();
    for (Path file : SealedFiles.files(target.files)) {
      texts.put(file, Files.readString(file, StandardCharsets.UTF_8));
    }
    boolean refused = false;
    List<Found> found = new ArrayList<>();
    for (Map.Entry<Path, String> file : texts.entrySet()) {
      List<SealedDocuments.Sealed> values;
      try {
        values = SealedDocuments.find(file.getValue());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file.getKey() + " " + e.getMessage());
      }
      String problem = SealedDocuments.notReplaceable(file.getValue(), values);
      if (problem != null) {
        err.println(file.getKey() + ": refused: " + problem);
        refused = true;
        continue;
      }
      String fallback =
          values.stream().anyMatch(v -> v.namespace() == null) ? kube.namespace(client) : null;
      values.forEach(
          v ->
              found.add(
                  new Found(file.getKey(), v.namespace() == null ? fallback : v.namespace(), v)));
    }
    Map<Path, Map<String, String>> replacements = new LinkedHashMap<>();
    for (Map.Entry<Found, ResealResult> answer : answers(requests, found).entrySet()) {
      Found value = answer.getKey();
      refused |=
          report(
              out,
              value.file() + " " + value.namespace() + "/" + value.sealed().name(),
              answer.getValue());
      if (answer.getValue().getOutcome() == ResealResult.Outcome.Resealed) {
        replacements
            .computeIfAbsent(value.file(), f -> new LinkedHashMap<>())
            .put(value.sealed().text(), answer.getValue().getEncryptedValue());
      }
    }
    for (Map.Entry<Path, Map<String, String>> file : replacements.entrySet()) {
      write(file.getKey(), SealedDocuments.replace(texts.get(file.getKey()), file.getValue()));
    }
    return refused;
  }

  private boolean inCluster(
      KubernetesClient client, ResealRequests requests, PrintWriter out, PrintWriter err)
      throws ResealRequests.Unanswered {
    err.println(
        "warning: resources applied by a GitOps tool (Argo CD, Flux) are reverted to the sealed values in"
            + " Git at its next sync; re-seal the files too (reseal -f)");
    var resources = client.resources(OpenMetadataSecret.class);
    List<OpenMetadataSecret> live = kube.list(client, allNamespaces);
    List<Found> found = new ArrayList<>();
    for (OpenMetadataSecret resource : live) {
      if (resource.getSpec() != null && resource.getSpec().getEncryptedValue() != null) {
        String namespace = resource.getMetadata().getNamespace();
        found.add(
            new Found(
                null,
                namespace,
                new SealedDocuments.Sealed(
                    namespace,
                    resource.getMetadata().getName(),
                    resource.getSpec().getPath(),
                    resource.getSpec().getEncryptedValue())));
      }
    }
    boolean refused = false;
    for (Map.Entry<Found, ResealResult> answer : answers(requests, found).entrySet()) {
      SealedDocuments.Sealed value = answer.getKey().sealed();
      ResealResult result = answer.getValue();
      String what = value.namespace() + "/" + value.name();
      if (result.getOutcome() == ResealResult.Outcome.Resealed) {
        try {
          // Only spec.encryptedValue, and only if it still holds the value that was re-sealed.
          resources
              .inNamespace(value.namespace())
              .withName(value.name())
              .patch(
                  PatchContext.of(PatchType.JSON),
                  encryptedValuePatch(value.encryptedValue(), result.getEncryptedValue(), client));
        } catch (KubernetesClientException e) {
          out.println(
              what + ": not updated (HTTP " + e.getCode() + ": it changed or went meanwhile)");
          refused = true;
          continue;
        }
      }
      refused |= report(out, what, result);
    }
    return refused;
  }

  static String encryptedValuePatch(String old, String resealed, KubernetesClient client) {
    var json = client.getKubernetesSerialization();
    return "[{\"op\":\"test\",\"path\":\"/spec/encryptedValue\",\"value\":"
        + json.asJson(old)
        + "},{\"op\":\"replace\",\"path\":\"/spec/encryptedValue\",\"value\":"
        + json.asJson(resealed)
        + "}]";
  }

  /** Each value's answer, the values sent grouped by namespace. */
  private static Map<Found, ResealResult> answers(ResealRequests requests, List<Found> found)
      throws ResealRequests.Unanswered {
    Map<String, List<Found>> byNamespace = new TreeMap<>();
    found.forEach(f -> byNamespace.computeIfAbsent(f.namespace(), n -> new ArrayList<>()).add(f));
    Map<Found, ResealResult> answers = new LinkedHashMap<>();
    for (Map.Entry<String, List<Found>> namespace : byNamespace.entrySet()) {
      List<Found> values = namespace.getValue();
      List<ResealResult> results =
          requests.reseal(
              namespace.getKey(),
              values.stream()
                  .map(
                      f ->
                          new ResealItem(
                              f.sealed().name(), f.sealed().path(), f.sealed().encryptedValue()))
                  .toList());
      for (int i = 0; i < values.size(); i++) {
        answers.put(values.get(i), results.get(i));
      }
    }
    return answers;
  }

  /** Prints one value's outcome; true if it was refused. */
  private static boolean report(PrintWriter out, String what, ResealResult result) {
    switch (result.getOutcome()) {
      case Resealed -> out.println(what + ": re-sealed");
      case Current -> out.println(what + ": already current");
      case Refused -> out.println(what + ": refused (" + result.getMessage() + ")");
    }
    return result.getOutcome() == ResealResult.Outcome.Refused;
  }

  /** Replaces {@code file} whole or not at all: a new file beside it, then renamed over it. */
  private static void write(Path file, String text) throws IOException {
    Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".reseal-", ".tmp");
    try {
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
        Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(file));
      }
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
