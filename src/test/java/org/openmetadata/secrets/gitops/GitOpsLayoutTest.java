package org.openmetadata.secrets.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.SecretKeySelector;

/**
 * docs/gitops/: the production overlay builds offline with kubectl's kustomize, and what it builds
 * is usable: each OpenMetadataSecret is valid for the CRD with exactly one value source, each
 * source Secret it names is there and labeled, and the operator it installs watches their
 * namespace. The Argo CD and Flux examples point at that overlay.
 */
class GitOpsLayoutTest {

  private static final Path ROOT = ArgoCdHealthCheck.ROOT;
  private static final Path GITOPS = ROOT.resolve("docs/gitops");
  private static final String OVERLAY = "docs/gitops/overlays/production";
  private static final String SOURCE_LABEL = "secrets.open-metadata.org/source";

  /** Every field that supplies the value (encryptedValue: a sealed value, see docs/sealing.md). */
  private static final Set<String> VALUE_SOURCES = Set.of("value", "valueFrom", "encryptedValue");

  private static final String OPERATOR_NAMESPACE = "om-secrets-operator";
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  /** One rendered object: its YAML, and the same read generically. */
  private record Rendered(String yaml, GenericKubernetesResource object) {
    String kind() {
      return object.getKind();
    }

    String name() {
      return object.getMetadata().getName();
    }

    String namespace() {
      return object.getMetadata().getNamespace();
    }

    <T extends HasMetadata> T as(Class<T> type) {
      return Serialization.unmarshal(yaml, type);
    }
  }

  private static List<Rendered> rendered;

  /** `kubectl kustomize` of the production overlay; the test is skipped without kubectl. */
  private static synchronized List<Rendered> rendered() {
    Optional<Path> kubectl = onPath("kubectl");
    assumeThat(kubectl).as("kubectl on PATH").isPresent();
    if (rendered == null) {
      rendered = parse(kustomize(kubectl.get(), OVERLAY));
    }
    return rendered;
  }

  private static Optional<Path> onPath(String command) {
    return Arrays.stream(
            Objects.requireNonNullElse(System.getenv("PATH"), "").split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, command))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static String kustomize(Path kubectl, String dir) {
    try {
      Path stderr = Files.createTempFile("kustomize", ".stderr");
      try {
        Process process =
            new ProcessBuilder(kubectl.toString(), "kustomize", dir)
                .directory(ROOT.toFile())
                .redirectError(stderr.toFile())
                .start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("kubectl kustomize " + dir + " did not finish in 120 s");
        }
        assertThat(process.exitValue())
            .as("kubectl kustomize %s failed:\n%s", dir, Files.readString(stderr))
            .isZero();
        return stdout;
      } finally {
        Files.deleteIfExists(stderr);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static List<Rendered> parse(String stream) {
    List<Rendered> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(stream)) {
      if (!document.isBlank()) {
        objects.add(
            new Rendered(
                document, Serialization.unmarshal(document, GenericKubernetesResource.class)));
      }
    }
    return objects;
  }

  private static List<Rendered> ofKind(String kind) {
    return rendered().stream().filter(o -> kind.equals(o.kind())).toList();
  }

  private static Rendered the(String kind) {
    List<Rendered> all = ofKind(kind);
    assertThat(all).as("exactly one %s rendered", kind).hasSize(1);
    return all.get(0);
  }

  /**
   * The OpenMetadataSecret CRD; the ResealRequest CRD beside it holds only short-lived requests, so
   * its deletion loses nothing and it needs no protection.
   */
  private static Rendered openMetadataSecretCrd() {
    List<Rendered> all =
        ofKind("CustomResourceDefinition").stream()
            .filter(c -> "openmetadatasecrets.secrets.open-metadata.org".equals(c.name()))
            .toList();
    assertThat(all).as("exactly one OpenMetadataSecret CRD rendered").hasSize(1);
    return all.get(0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(Rendered resource) {
    Object spec = resource.object().getAdditionalProperties().get("spec");
    assertThat(spec).as("spec of %s", resource.name()).isInstanceOf(Map.class);
    return (Map<String, Object>) spec;
  }

  @Test
  void theProductionOverlayBuildsOfflineWithTheOperatorAndSecrets() {
    assertThat(rendered())
        .extracting(Rendered::kind)
        .contains("CustomResourceDefinition", "Deployment", "Secret", OpenMetadataSecret.KIND);
    assertThat(ofKind(OpenMetadataSecret.KIND))
        .isNotEmpty()
        .allSatisfy(
            oms -> {
              assertThat(oms.object().getApiVersion()).isEqualTo(OpenMetadataSecret.API_VERSION);
              assertThat(oms.namespace()).isEqualTo("openmetadata");
            });
  }

  @Test
  void everyOpenMetadataSecretIsValidForTheCrdWithExactlyOneValueSource() {
    Set<String> specFields =
        openMetadataSecretCrd().as(CustomResourceDefinition.class).getSpec().getVersions().stream()
            .filter(v -> OpenMetadataSecret.VERSION.equals(v.getName()))
            .findFirst()
            .orElseThrow()
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("spec")
            .getProperties()
            .keySet();

    for (Rendered rendered : ofKind(OpenMetadataSecret.KIND)) {
      Map<String, Object> spec = spec(rendered);
      assertThat(spec.keySet()).as("spec fields of %s", rendered.name()).isSubsetOf(specFields);
      Set<String> sources = new HashSet<>(spec.keySet());
      sources.retainAll(VALUE_SOURCES);
      assertThat(sources).as("value sources of %s", rendered.name()).hasSize(1);

      OpenMetadataSecret oms = rendered.as(OpenMetadataSecret.class);
      assertThat(oms.getSpec().getPath()).as("path of %s", rendered.name()).isNotBlank();
      if (oms.getSpec().getValueFrom() != null) {
        SecretKeySelector ref = oms.getSpec().getValueFrom().getSecretKeyRef();
        assertThat(ref).as("secretKeyRef of %s", rendered.name()).isNotNull();
        assertThat(ref.getName()).isNotBlank();
        assertThat(ref.getKey()).isNotBlank();
      }
    }
  }

  @Test
  void everySourceSecretIsRenderedLabeledAndHasTheKey() {
    List<Secret> secrets = ofKind("Secret").stream().map(s -> s.as(Secret.class)).toList();
    List<OpenMetadataSecret> withSources =
        ofKind(OpenMetadataSecret.KIND).stream()
            .map(o -> o.as(OpenMetadataSecret.class))
            .filter(o -> o.getSpec().getValueFrom() != null)
            .toList();
    assertThat(withSources).as("the example uses valueFrom").isNotEmpty();

    for (OpenMetadataSecret oms : withSources) {
      SecretKeySelector ref = oms.getSpec().getValueFrom().getSecretKeyRef();
      String where = oms.getMetadata().getName() + " -> " + ref.getName() + "/" + ref.getKey();
      Secret source =
          secrets.stream()
              .filter(s -> ref.getName().equals(s.getMetadata().getName()))
              .filter(
                  s ->
                      Objects.equals(
                          oms.getMetadata().getNamespace(), s.getMetadata().getNamespace()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no source Secret rendered for " + where));
      assertThat(source.getMetadata().getLabels())
          .as("labels of the source of %s", where)
          .containsEntry(SOURCE_LABEL, "true");
      Set<String> keys = new HashSet<>();
      Optional.ofNullable(source.getData()).ifPresent(d -> keys.addAll(d.keySet()));
      Optional.ofNullable(source.getStringData()).ifPresent(d -> keys.addAll(d.keySet()));
      assertThat(keys).as("keys of the source of %s", where).contains(ref.getKey());
    }
  }

  @Test
  void theOperatorKeepsItsOwnNamespaceAndWatchesTheSecretsNamespace() {
    assertThat(ofKind("Namespace")).extracting(Rendered::name).containsExactly(OPERATOR_NAMESPACE);
    for (String kind : List.of("Deployment", "ServiceAccount", "Service")) {
      assertThat(ofKind(kind))
          .as(kind)
          .extracting(Rendered::namespace)
          .containsOnly(OPERATOR_NAMESPACE);
    }

    Deployment operator = the("Deployment").as(Deployment.class);
    String watched =
        operator.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
            .filter(e -> "OM_SM_NAMESPACE".equals(e.getName()))
            .map(EnvVar::getValue)
            .findFirst()
            .orElse("default");
    Set<String> watchedNamespaces = Set.of(watched.split("\\s*,\\s*"));
    if (!watchedNamespaces.contains("all") && !watchedNamespaces.contains("*")) {
      assertThat(ofKind(OpenMetadataSecret.KIND))
          .extracting(Rendered::namespace)
          .as("namespaces of the OpenMetadataSecrets, watched: %s", watched)
          .allMatch(watchedNamespaces::contains);
    }
  }

  @Test
  void theOverlayReplacesTheBasesImagePlaceholder() {
    // deploy/ names an image that never pulls: the overlay must say which one the cluster runs.
    String image =
        the("Deployment")
            .as(Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getImage();
    assertThat(image).doesNotStartWith("registry.invalid/").startsWith("registry.example.com/");
  }

  @Test
  void neitherArgoCdNorFluxMayDeleteTheCrd() {
    assertThat(openMetadataSecretCrd().object().getMetadata().getAnnotations())
        .containsEntry("argocd.argoproj.io/sync-options", "Prune=false,Delete=false")
        .containsEntry("kustomize.toolkit.fluxcd.io/prune", "disabled");
  }

  // --- the Argo CD and Flux examples (no kubectl needed) ----------------------------------------

  private static List<GenericKubernetesResource> file(String path) throws IOException {
    return parse(Files.readString(GITOPS.resolve(path))).stream().map(Rendered::object).toList();
  }

  @SuppressWarnings("unchecked")
  private static <T> T at(GenericKubernetesResource resource, String... path) {
    Object value = resource.getAdditionalProperties();
    for (String key : path) {
      assertThat(value)
          .as("%s at %s", resource.getKind(), String.join(".", path))
          .isInstanceOf(Map.class);
      value = ((Map<String, Object>) value).get(key);
    }
    return (T) value;
  }

  @Test
  void theArgoCdApplicationSyncsTheProductionOverlay() throws IOException {
    List<GenericKubernetesResource> objects = file("argocd/application.yaml");
    assertThat(objects).hasSize(1);
    GenericKubernetesResource application = objects.get(0);
    assertThat(application.getApiVersion()).isEqualTo("argoproj.io/v1alpha1");
    assertThat(application.getKind()).isEqualTo("Application");
    String path = at(application, "spec", "source", "path");
    assertThat(path).isEqualTo(OVERLAY);
    assertThat(ROOT.resolve(path).resolve("kustomization.yaml")).isRegularFile();
    assertThat(application.getMetadata().getFinalizers())
        .as("deleting the Application must not delete the OpenMetadataSecrets (see the comment)")
        .isNullOrEmpty();
  }

  @Test
  void theFluxKustomizationAppliesTheProductionOverlayAndWaitsForReady() throws IOException {
    List<GenericKubernetesResource> objects = file("flux/kustomization.yaml");
    assertThat(objects)
        .extracting(GenericKubernetesResource::getKind)
        .containsExactly("GitRepository", "Kustomization");
    GenericKubernetesResource kustomization = objects.get(1);
    String path = at(kustomization, "spec", "path");
    assertThat(path).isEqualTo("./" + OVERLAY);
    assertThat(ROOT.resolve(path).normalize().resolve("kustomization.yaml")).isRegularFile();
    assertThat((Object) at(kustomization, "spec", "wait")).isEqualTo(true);
    assertThat((Object) at(kustomization, "spec", "sourceRef", "name"))
        .isEqualTo(objects.get(0).getMetadata().getName());

    assertThat((Map<String, Object>) at(kustomization, "spec"))
        .as("plain kstatus reads OpenMetadataSecrets right")
        .doesNotContainKey("healthCheckExprs");
    // What makes it right: a resource the operator has not synced yet reads back with its
    // generation (1 or more) unobserved, which kstatus reports as InProgress (CrdValidationIT).
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            Files.readString(
                ROOT.resolve("crds/openmetadatasecrets.secrets.open-metadata.org-v1.yml")),
            CustomResourceDefinition.class);
    assertThat(crd.getSpec().getVersions())
        .allSatisfy(
            v ->
                assertThat(
                        v.getSchema()
                            .getOpenAPIV3Schema()
                            .getProperties()
                            .get("status")
                            .getDefault())
                    .hasToString("{\"observedGeneration\":0}"));
  }
}
