package org.openmetadata.secrets.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The desired secret. Field descriptions live in {@link JsonPropertyDescription} because both
 * fabric8 CRD generators read annotations from compiled classes and ignore Javadoc.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "[has(self.value), has(self.valueFrom), has(self.encryptedValue)].filter(x, x).size() == 1",
    message = "exactly one value source must be set: value, valueFrom or encryptedValue")
public class OpenMetadataSecretSpec {

  /**
   * The largest value any policy accepts ({@code OM_SM_MAX_VALUE_BYTES} is at most this), below the
   * 1 MiB Secret limit. The schema bounds below follow from it, so they are fixed whatever the
   * policy in force: the operator refuses what is above its own limit.
   */
  public static final int MAX_VALUE_BYTES = 1_000_000;

  /**
   * maxLength of {@code value}: a UTF-8 string of MAX_VALUE_BYTES bytes has at most that many
   * characters.
   */
  public static final int MAX_VALUE_CHARS = MAX_VALUE_BYTES;

  /**
   * maxLength of {@code encryptedValue}: the longest {@code seal} makes of a MAX_VALUE_BYTES value,
   * sealed to the most keys, {@code oms:v3:<keyIds>:<wraps>:<iv>:<ciphertext>} with standard base64
   * (4 characters per started 3 bytes):
   *
   * <pre>
   *   "oms:v3:"                                                         7
   *   16 key ids, 16 hex digits each, 15 commas, and ":"              272
   *   16 wraps, 80 bytes each (32-byte enc, 32-byte data key,
   *     16-byte tag): 108 each, 15 commas, and ":"                  1,744
   *   IV, 12 bytes: 16, and ":"                                        17
   *   ciphertext, value + 16-byte GCM tag = 1,000,016 bytes:
   *     4 * ceil(1,000,016 / 3) = 4 * 333,339                   1,333,356
   *                                                             ---------
   *                                                             1,335,396
   * </pre>
   *
   * rounded up to 1,336,000 for the whitespace around it that opening ignores (a YAML block
   * scalar's newline). The other formats are shorter: v1 ({@code
   * oms:v1:<keyId>:<wrappedKey>:<iv>:<ciphertext>}, RSA-4096) spends 726 characters besides the
   * ciphertext, so 1,334,082; v2 ({@code oms:v2:<keyId>:<enc>:<ciphertext>}) 69, so 1,333,425; and
   * each v3 recipient fewer than 16 saves 126. SealerTest seals a MAX_VALUE_BYTES value in each
   * format and checks these figures.
   */
  public static final int MAX_ENCRYPTED_VALUE_LENGTH = 1_336_000;

  /**
   * The longest {@code encryptedValue} that can seal a value of {@code valueBytes} bytes: the v3
   * figures above for that size (2,040 characters besides the ciphertext), with the same 604
   * characters of whitespace, so that the largest value gives {@link #MAX_ENCRYPTED_VALUE_LENGTH}.
   * The chart's admission policy bounds {@code encryptedValue} by this for its {@code
   * policy.maxValueBytes} (helper om-secrets-operator.maxSealedLength, the same arithmetic;
   * ChartRenderTest compares them).
   */
  public static int maxEncryptedLength(int valueBytes) {
    return 2040 + 604 + 4 * ((valueBytes + 16 + 2) / 3);
  }

  @Required
  @Size(min = 1, max = 1024)
  @ValidationRule(value = "self == oldSelf", message = "path is immutable")
  @JsonPropertyDescription(
      "OpenMetadata's secret path, split into components on '/', for example"
          + " database/myservice/password or /bot/ingestion-bot/config/jwttoken. The Secret name is"
          + " <prefix>-<clusterName>-<components>, sanitized as OpenMetadata does. Immutable.")
  private String path;

  @Size(min = 1, max = MAX_VALUE_CHARS)
  @JsonPropertyDescription(
      "The secret value in plain text. Readable by anyone who can read this resource; prefer"
          + " valueFrom in shared clusters. At most 1000000 characters; the operator's policy"
          + " (OM_SM_MAX_VALUE_BYTES) limits its UTF-8 bytes.")
  private String value;

  @JsonPropertyDescription("Takes the value from a key of another Secret in this namespace.")
  private ValueSource valueFrom;

  @Size(min = 1, max = MAX_ENCRYPTED_VALUE_LENGTH)
  @JsonPropertyDescription(
      "The value sealed to the operator's public key (oms:v2:..., or oms:v1:... for an RSA key),"
          + " or to several operators' keys (oms:v3:...), made by the seal command. Opens"
          + " only for this namespace, name and path; safe to commit to Git. At most 1336000"
          + " characters: a sealed 1000000-byte value.")
  private String encryptedValue;

  @JsonPropertyDescription(
      "Delete (default): the Secret is garbage-collected with this resource. Retain: the operator"
          + " releases the Secret on deletion so it outlives this resource.")
  private DeletionPolicy deletionPolicy;

  @JsonPropertyDescription(
      "Write an immutable Secret (default false). A value change then replaces the Secret.")
  private Boolean immutable;

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }

  public ValueSource getValueFrom() {
    return valueFrom;
  }

  public void setValueFrom(ValueSource valueFrom) {
    this.valueFrom = valueFrom;
  }

  public String getEncryptedValue() {
    return encryptedValue;
  }

  public void setEncryptedValue(String encryptedValue) {
    this.encryptedValue = encryptedValue;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public Boolean getImmutable() {
    return immutable;
  }

  public void setImmutable(Boolean immutable) {
    this.immutable = immutable;
  }

  /** A deep copy. */
  public OpenMetadataSecretSpec copy() {
    OpenMetadataSecretSpec copy = new OpenMetadataSecretSpec();
    copy.path = path;
    copy.value = value;
    copy.valueFrom = valueFrom == null ? null : valueFrom.copy();
    copy.encryptedValue = encryptedValue;
    copy.deletionPolicy = deletionPolicy;
    copy.immutable = immutable;
    return copy;
  }

  /** The policy in force; unset means Delete, and no default is written back into the spec. */
  public DeletionPolicy effectiveDeletionPolicy() {
    return deletionPolicy == null ? DeletionPolicy.Delete : deletionPolicy;
  }

  public boolean effectiveImmutable() {
    return Boolean.TRUE.equals(immutable);
  }

  /** Redacts the value: the framework and fabric8 log resources through toString. */
  @Override
  public String toString() {
    return "OpenMetadataSecretSpec{path="
        + path
        + ", value="
        + (value == null ? "null" : "<redacted>")
        + ", valueFrom="
        + (valueFrom == null || valueFrom.getSecretKeyRef() == null
            ? "null"
            : valueFrom.getSecretKeyRef().getName() + "/" + valueFrom.getSecretKeyRef().getKey())
        + ", encryptedValue="
        + (encryptedValue == null ? "null" : "<sealed>")
        + ", deletionPolicy="
        + deletionPolicy
        + ", immutable="
        + immutable
        + "}";
  }
}
