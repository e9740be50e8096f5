package org.openmetadata.secrets.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** One OpenMetadata secret value that the operator materializes as a Kubernetes Secret. */
@Group(OpenMetadataSecret.GROUP)
@Version(OpenMetadataSecret.VERSION)
@Kind("OpenMetadataSecret")
@Plural("openmetadatasecrets")
@Singular("openmetadatasecret")
@ShortNames("oms")
@Categories("openmetadata")
@AdditionalPrinterColumn(
    name = "Secret",
    jsonPath = ".status.secretName",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class OpenMetadataSecret
    extends CustomResource<OpenMetadataSecretSpec, OpenMetadataSecretStatus> implements Namespaced {

  public static final String GROUP = "secrets.open-metadata.org";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "OpenMetadataSecret";

  /**
   * A deep copy, field by field. JOSDK hands each reconciliation its own copy of the cached
   * resource; one made through JSON, its default, was a quarter of the reconcilers' CPU in a
   * restart.
   */
  public OpenMetadataSecret copy() {
    OpenMetadataSecret copy = new OpenMetadataSecret();
    copy.setApiVersion(getApiVersion());
    copy.setKind(getKind());
    copy.setMetadata(getMetadata() == null ? null : new ObjectMetaBuilder(getMetadata()).build());
    copy.setSpec(getSpec() == null ? null : getSpec().copy());
    copy.setStatus(getStatus() == null ? null : getStatus().copy());
    return copy;
  }
}
