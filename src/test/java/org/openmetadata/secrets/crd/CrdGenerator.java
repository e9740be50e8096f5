package org.openmetadata.secrets.crd;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.ResealRequest;

/**
 * Generates the CRD from the Java types with fabric8's CRD generator v2. {@code main} writes the
 * checked-in copies ({@code hack/update-crds.sh}); {@link CrdUpToDateTest} fails when they are
 * stale.
 */
public final class CrdGenerator {

  public static final String FILE_NAME = "openmetadatasecrets.secrets.open-metadata.org-v1.yml";

  /** Each custom resource's CRD file. */
  public static final Map<Class<? extends CustomResource<?, ?>>, String> FILES =
      Map.of(
          OpenMetadataSecret.class,
          FILE_NAME,
          ResealRequest.class,
          "resealrequests.secrets.open-metadata.org-v1.yml");

  /** The directories that hold a checked-in copy of every CRD, relative to the repository root. */
  public static final List<Path> DIRECTORIES =
      List.of(Path.of("crds"), Path.of("helm", "om-secrets-operator", "crds"));

  private CrdGenerator() {}

  /** The OpenMetadataSecret CRD. */
  public static String generate() {
    return generate(OpenMetadataSecret.class);
  }

  public static String generate(Class<? extends CustomResource<?, ?>> type) {
    var output = new InMemoryOutput();
    new CRDGenerator()
        .customResourceClasses(type)
        .forCRDVersions("v1")
        .withOutput(output)
        .withPostProcessor(
            new CRDPostProcessor() {
              @Override
              public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
                return defaultStatus(orderPrinterColumns(type, (CustomResourceDefinition) crd));
              }
            })
        .generate();
    return output.yaml();
  }

  /** kubectl shows columns in CRD order; the generator sorts them by jsonPath (Age first). */
  private static CustomResourceDefinition orderPrinterColumns(
      Class<?> type, CustomResourceDefinition crd) {
    List<String> declared =
        Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    crd.getSpec()
        .getVersions()
        .forEach(
            v ->
                v.getAdditionalPrinterColumns()
                    .sort(
                        Comparator.comparingInt(
                            (CustomResourceColumnDefinition c) -> declared.indexOf(c.getName()))));
    return crd;
  }

  /**
   * A resource the operator has not seen yet reads back with {@code status.observedGeneration: 0}
   * (the API server applies schema defaults when it reads an object), so kstatus sees a generation
   * not yet observed and reports InProgress instead of Current: Flux, kpt and Argo CD wait without
   * custom health rules. docs/kstatus.md.
   */
  private static CustomResourceDefinition defaultStatus(CustomResourceDefinition crd) {
    crd.getSpec()
        .getVersions()
        .forEach(
            v ->
                v.getSchema()
                    .getOpenAPIV3Schema()
                    .getProperties()
                    .get("status")
                    .setDefault(
                        JsonNodeFactory.instance.objectNode().put("observedGeneration", 0)));
    return crd;
  }

  public static void main(String[] args) throws IOException {
    for (var file : FILES.entrySet()) {
      String yaml = generate(file.getKey());
      for (Path directory : DIRECTORIES) {
        if (Files.isDirectory(directory)) {
          Path copy = directory.resolve(file.getValue());
          Files.writeString(copy, yaml);
          System.out.println("wrote " + copy);
        }
      }
    }
  }

  private static final class InMemoryOutput
      extends CRDGenerator.AbstractCRDOutput<ByteArrayOutputStream> {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Override
    protected ByteArrayOutputStream createStreamFor(String crdName) {
      return out;
    }

    String yaml() {
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
