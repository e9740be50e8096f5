package org.openmetadata.secrets.crd;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.openmetadata.secrets.api.OpenMetadataSecret;

/**
 * Generates the CRD from the Java types with fabric8's CRD generator v2. {@code main} writes the
 * checked-in copies ({@code hack/update-crds.sh}); {@link CrdUpToDateTest} fails when they are
 * stale.
 */
public final class CrdGenerator {

  public static final String FILE_NAME = "openmetadatasecrets.secrets.open-metadata.org-v1.yml";

  /** Every checked-in copy of the CRD, relative to the repository root. */
  public static final List<Path> COPIES =
      List.of(
          Path.of("crds", FILE_NAME), Path.of("helm", "om-secrets-operator", "crds", FILE_NAME));

  private CrdGenerator() {}

  public static String generate() {
    var output = new InMemoryOutput();
    new CRDGenerator()
        .customResourceClasses(OpenMetadataSecret.class)
        .forCRDVersions("v1")
        .withOutput(output)
        .withPostProcessor(
            new CRDPostProcessor() {
              @Override
              public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
                return defaultStatus(orderPrinterColumns((CustomResourceDefinition) crd));
              }
            })
        .generate();
    return output.yaml();
  }

  /** kubectl shows columns in CRD order; the generator sorts them by jsonPath (Age first). */
  private static CustomResourceDefinition orderPrinterColumns(CustomResourceDefinition crd) {
    List<String> declared =
        Arrays.stream(OpenMetadataSecret.class.getAnnotationsByType(AdditionalPrinterColumn.class))
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
    String yaml = generate();
    for (Path copy : COPIES) {
      if (Files.isDirectory(copy.getParent())) {
        Files.writeString(copy, yaml);
        System.out.println("wrote " + copy);
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
