package org.openmetadata.secrets.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A request to the operator to seal values of its namespace again, to its active key, without the
 * plaintext leaving the operator: the answer is in the status, and the operator deletes the request
 * some minutes after answering it.
 */
@Group(OpenMetadataSecret.GROUP)
@Version(OpenMetadataSecret.VERSION)
@Kind(ResealRequest.KIND)
@Plural("resealrequests")
@Singular("resealrequest")
@ShortNames("omsreseal")
@Categories("openmetadata")
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
public class ResealRequest extends CustomResource<ResealRequestSpec, ResealRequestStatus>
    implements Namespaced {

  public static final String KIND = "ResealRequest";
}
