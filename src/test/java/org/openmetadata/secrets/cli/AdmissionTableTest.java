package org.openmetadata.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;
import org.openmetadata.secrets.api.Reason;
import org.openmetadata.secrets.bridge.Refusal;
import org.openmetadata.secrets.bridge.Translation;
import org.openmetadata.secrets.config.WatchedNamespaces;
import org.openmetadata.secrets.naming.PrefixStyle;
import org.openmetadata.secrets.naming.SecretNaming;
import org.openmetadata.secrets.policy.Admission;
import org.openmetadata.secrets.policy.PathPattern;
import org.openmetadata.secrets.policy.Policy;
import org.openmetadata.secrets.policy.Rule;
import org.openmetadata.secrets.reconciler.AdmissionStep;
import org.openmetadata.secrets.reconciler.ValueResolver;

/**
 * Every refusal the project knows, through each entry point that can meet it: the reconciler's
 * admission step, the bridge's write check and the CLI's render. Each must refuse with the rule's
 * reason and message, so none accepts what another refuses. An entry point that cannot meet a
 * refusal is left out of its row, with the reason in {@link Row#note}.
 */
class AdmissionTableTest {

  private static final String NS = "openmetadata";

  @TempDir Path dir;

  /** The operator's settings a row runs with. */
  record Setup(String clusterName, PrefixStyle style, boolean allowPlaintext, String allowedPaths) {

    static final Setup DEFAULT =
        new Setup("openmetadata", PrefixStyle.SERVER, true, "database/**,external-app/**");
    static final int MAX_VALUE_BYTES = 100;

    SecretNaming naming() {
      return new SecretNaming("", clusterName, style);
    }

    Policy policy() {
      return new Policy(
          allowPlaintext,
          Arrays.stream(allowedPaths.split(",")).map(PathPattern::new).toList(),
          MAX_VALUE_BYTES,
          naming().namePrefixes());
    }

    List<String> options() {
      return List.of(
          "--cluster-name",
          clusterName,
          "--prefix-style",
          style.name().toLowerCase(),
          "--allow-plaintext=" + allowPlaintext,
          "--allowed-paths",
          allowedPaths,
          "--max-value-bytes",
          String.valueOf(MAX_VALUE_BYTES));
    }
  }

  /**
   * One refusal. {@code spec} goes to the reconciler, and to render when {@code rendered}; {@code
   * resolved} is the value the operator's resolution gives, null for an inline one; {@code
   * bridgeName}/{@code bridgeValue} the bridge's write, null when it cannot meet this refusal.
   */
  record Row(
      String refusal,
      Rule rule,
      String message,
      Setup setup,
      OpenMetadataSecretSpec spec,
      byte[] resolved,
      boolean rendered,
      String bridgeName,
      byte[] bridgeValue,
      String note) {

    @Override
    public String toString() {
      return refusal;
    }
  }

  static Stream<Row> refusals() {
    Setup plain = Setup.DEFAULT;
    String db = "database/mysql/password";
    String dbName = "openmetadata-database-mysql-password";
    OpenMetadataSecretSpec both = inline(db, "v");
    both.setEncryptedValue("oms:v1:x");
    OpenMetadataSecretSpec none = inline(db, null);
    byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28};
    String bridgeBuildsTheSpec = "the bridge builds a valid spec itself";
    return Stream.of(
        new Row(
            "spec missing",
            Rule.SPEC,
            "spec is missing",
            plain,
            null,
            null,
            true,
            null,
            null,
            bridgeBuildsTheSpec),
        new Row(
            "path blank",
            Rule.SPEC,
            "spec.path is required",
            plain,
            inline(" ", "v"),
            null,
            true,
            null,
            null,
            bridgeBuildsTheSpec),
        new Row(
            "two value sources",
            Rule.SPEC,
            "exactly one value source must be set",
            plain,
            both,
            null,
            true,
            null,
            null,
            bridgeBuildsTheSpec),
        new Row(
            "no value source",
            Rule.SPEC,
            "exactly one value source must be set",
            plain,
            none,
            null,
            true,
            null,
            null,
            bridgeBuildsTheSpec),
        new Row(
            "valueFrom without a key",
            Rule.SPEC,
            "spec.valueFrom.secretKeyRef needs a name and a key",
            plain,
            TestResources.fromSecret(NS, "r", db, "src", "").getSpec(),
            null,
            true,
            null,
            null,
            bridgeBuildsTheSpec),
        new Row(
            "path gives no valid Secret name",
            Rule.NAME,
            "spec.path: path gives",
            new Setup("prod.", PrefixStyle.DOCUMENTED, true, "**"),
            inline("-/x", "v"),
            null,
            true,
            null,
            null,
            "the bridge takes only names a path gives back exactly (its own 422 on metadata.name)"),
        new Row(
            "plain text not allowed",
            Rule.PLAINTEXT,
            "plain-text spec.value is not accepted here",
            new Setup("openmetadata", PrefixStyle.SERVER, false, "**"),
            inline(db, "v"),
            null,
            true,
            null,
            null,
            "the bridge seals every value"),
        new Row(
            "path not allowed",
            Rule.PATH,
            "path bot/x/config/jwttoken is not allowed",
            plain,
            inline("bot/x/config/jwttoken", "v"),
            null,
            true,
            "openmetadata-bot-x-config-jwttoken",
            utf8("v"),
            null),
        new Row(
            "name outside the prefix",
            Rule.PREFIX,
            "Secret name openmetadata does not start with",
            new Setup("openmetadata", PrefixStyle.SERVER, true, "**"),
            inline("///", "v"),
            null,
            true,
            null,
            null,
            "the bridge takes only names a path gives back exactly (its own 422 on metadata.name)"),
        new Row(
            "empty value",
            Rule.EMPTY,
            "is empty; OpenMetadata stores no Secret for an empty value",
            plain,
            inline(db, ""),
            null,
            true,
            dbName,
            new byte[0],
            null),
        new Row(
            "empty source key",
            Rule.EMPTY,
            "key k of source Secret src is empty",
            plain,
            source(db),
            new byte[0],
            false,
            null,
            null,
            "only the operator reads a source; the bridge's empty value is the row above"),
        new Row(
            "not UTF-8",
            Rule.UNREADABLE,
            "is not valid UTF-8",
            plain,
            source(db),
            notUtf8,
            false,
            dbName,
            notUtf8,
            "a file holds text: render cannot meet it"),
        new Row(
            "unpaired surrogate",
            Rule.UNREADABLE,
            "spec.value holds an unpaired UTF-16 surrogate",
            plain,
            inline(db, "pass\uD800word"),
            null,
            false,
            null,
            null,
            "the bridge gets bytes, not text; a YAML file cannot hold an unpaired surrogate"),
        new Row(
            "secret: reference",
            Rule.UNREADABLE,
            "starts with 'secret:'",
            plain,
            inline(db, "secret:other"),
            null,
            true,
            dbName,
            utf8("secret:other"),
            null),
        new Row(
            "fernet: ciphertext",
            Rule.UNREADABLE,
            "starts with 'fernet:'",
            plain,
            inline(db, "fernet:gAAAA"),
            null,
            true,
            dbName,
            utf8("fernet:gAAAA"),
            null),
        new Row(
            "too large",
            Rule.SIZE,
            "value is 101 bytes; the limit is 100",
            plain,
            inline(db, "x".repeat(101)),
            null,
            true,
            dbName,
            utf8("x".repeat(101)),
            null));
  }

  @Test
  void everyRuleHasARow() {
    assertThat(refusals().map(Row::rule)).containsAll(List.of(Rule.values()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void everyEntryPointRefusesWithTheSameReason(Row row) throws Exception {
    List<String> ran = new ArrayList<>();
    Reason reason = row.rule().reason();

    AdmissionStep.Verdict reconciler =
        AdmissionStep.run(
            new Admission(row.setup().naming(), row.setup().policy()),
            row.spec(),
            name -> Optional.empty(),
            name ->
                row.resolved() != null
                    ? ValueResolver.Resolution.of(row.resolved())
                    : ValueResolver.inline(row.spec().getValue()),
            Duration.ofMinutes(1));
    assertThat(reconciler.admitted()).as("reconciler admitted").isFalse();
    assertThat(reconciler.denied()).as("reconciler rule").contains(row.rule());
    assertThat(reconciler.failure().reason()).as("reconciler reason").isEqualTo(reason);
    assertThat(reconciler.failure().message()).as("reconciler message").contains(row.message());
    ran.add("reconciler");

    if (row.bridgeName() != null) {
      Translation bridge =
          new Translation(
              row.setup().naming(), new WatchedNamespaces(Set.of(NS)), row.setup().policy());
      Refusal refusal =
          catchThrowableOfType(
              Refusal.class, () -> bridge.checkWrite(NS, row.bridgeName(), row.bridgeValue()));
      assertThat(refusal).as("bridge refused").isNotNull();
      assertThat(reasonOf(refusal.status()))
          .as("bridge reason (HTTP %s)", refusal.status().getCode())
          .isEqualTo(reason);
      assertThat(refusal.status().getMessage()).as("bridge message").contains(row.message());
      ran.add("bridge " + refusal.status().getCode());
    }

    if (row.rendered()) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = render(row, out, err);
      assertThat(code).as("render exit code").isEqualTo(2);
      assertThat(out.toString()).as("render prints no Secret").isEmpty();
      assertThat(err.toString())
          .as("render reason and message")
          .startsWith("error: " + reason + ": ")
          .contains(row.message());
      ran.add("render");
    }
    System.out.printf(
        "%-32s %-10s %-12s %-32s%s%n",
        row.refusal(),
        row.rule(),
        reason,
        String.join(", ", ran),
        row.note() == null ? "" : " (" + row.note() + ")");
  }

  /** The verdict the bridge's Status gives OpenMetadata, read back as the operator's reason. */
  private static Reason reasonOf(Status status) {
    return switch (status.getReason()) {
      case "Forbidden", "RequestEntityTooLarge" -> Reason.PolicyDenied;
      case "Invalid" ->
          status.getDetails().getCauses().get(0).getField().equals("data[value]")
              ? Reason.InvalidSpec
              : null;
      default -> null;
    };
  }

  private int render(Row row, StringWriter out, StringWriter err) throws Exception {
    OpenMetadataSecret resource = new OpenMetadataSecret();
    resource.setMetadata(new ObjectMetaBuilder().withName("r").withNamespace(NS).build());
    resource.setSpec(row.spec());
    Path file = Files.writeString(dir.resolve("cr.yaml"), Serialization.asYaml(resource));
    var cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    List<String> args = new ArrayList<>(List.of("render", "-f", file.toString()));
    args.addAll(row.setup().options());
    int code = cli.execute(args.toArray(String[]::new));
    cli.getOut().flush();
    cli.getErr().flush();
    return code;
  }

  private static OpenMetadataSecretSpec inline(String path, String value) {
    OpenMetadataSecretSpec spec = new OpenMetadataSecretSpec();
    spec.setPath(path);
    spec.setValue(value);
    return spec;
  }

  private static OpenMetadataSecretSpec source(String path) {
    return TestResources.fromSecret(NS, "r", path, "src", "k").getSpec();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
