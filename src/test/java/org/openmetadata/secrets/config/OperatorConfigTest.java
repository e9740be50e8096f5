package org.openmetadata.secrets.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.crypto.KeyIds;
import org.openmetadata.secrets.crypto.KeyRing;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.naming.PrefixStyle;

class OperatorConfigTest {

  @Test
  void defaultsFollowOpenMetadatasSeed() {
    OperatorConfig config = OperatorConfig.from(Map.of());
    assertThat(config.naming().clusterName()).isEqualTo("openmetadata");
    assertThat(config.naming().prefix()).isEmpty();
    assertThat(config.naming().prefixStyle()).isEqualTo(PrefixStyle.SERVER);
    assertThat(config.tags()).isEmpty();
    assertThat(config.namespaces().names()).containsExactly("default");
    assertThat(config.inCluster()).isFalse();
    assertThat(config.kubeconfigPath()).isEmpty();
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.healthPort()).isEqualTo(8081);
    assertThat(config.recheckInterval()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void trustedRecipientsAreEveryPemBlockOfTheVariableAndNothingElse() {
    KeyRing first = KeyRing.generate(Instant.EPOCH);
    KeyRing second = KeyRing.generate(Instant.EPOCH);
    String pems =
        Pem.publicKey(first.active().pair().getPublic())
            + "\n"
            + Pem.publicKey(second.active().pair().getPublic());

    assertThat(OperatorConfig.from(Map.of("OM_SM_TRUSTED_RECIPIENTS", pems)).trustedRecipients())
        .extracting(KeyIds::of)
        .containsExactly(first.active().id(), second.active().id());
    assertThat(OperatorConfig.from(Map.of()).trustedRecipients()).isEmpty();
    assertThatThrownBy(
            () -> OperatorConfig.from(Map.of("OM_SM_TRUSTED_RECIPIENTS", pems + "\nnot a key")))
        .hasMessageContaining("OM_SM_TRUSTED_RECIPIENTS holds text that is not a PEM block");
    assertThatThrownBy(
            () ->
                OperatorConfig.from(
                    Map.of(
                        "OM_SM_TRUSTED_RECIPIENTS",
                        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")))
        .hasMessageContaining("OM_SM_TRUSTED_RECIPIENTS block 1 is");
  }

  @Test
  void readsOpenMetadatasOwnVariableNames() {
    OperatorConfig config =
        OperatorConfig.from(
            Map.of(
                "SECRET_MANAGER_PREFIX", "acme",
                "SECRET_MANAGER_TAGS", "[team:data, env:prod]",
                "CLUSTER_NAME", "eu1",
                "OM_SM_NAMESPACE", "om, ingestion",
                "OM_SM_KUBECONFIG_PATH", "/etc/kube/config",
                "OM_SM_PREFIX_STYLE", "server-compat"));
    assertThat(config.naming().prefixStyle())
        .as("the style's older name")
        .isEqualTo(PrefixStyle.SERVER);
    assertThat(config.naming().namePrefix()).isEqualTo("acmeeu1-");
    assertThat(config.tags()).containsExactly(Map.entry("team", "data"), Map.entry("env", "prod"));
    assertThat(config.namespaces().names()).containsExactlyInAnyOrder("om", "ingestion");
    assertThat(config.kubeconfigPath()).isEqualTo(Optional.of(Path.of("/etc/kube/config")));
  }

  @Test
  void namespaceAllOrStarWatchesEveryNamespace() {
    assertThat(OperatorConfig.from(Map.of("OM_SM_NAMESPACE", "all")).namespaces().all()).isTrue();
    assertThat(OperatorConfig.from(Map.of("OM_SM_NAMESPACE", "*")).namespaces().all()).isTrue();
  }

  @Test
  void tagsAreSplitAtTheFirstColonAndMayBeEmpty() {
    assertThat(OperatorConfig.parseTags("[]")).isEmpty();
    assertThat(OperatorConfig.parseTags("")).isEmpty();
    assertThat(OperatorConfig.parseTags("[example.com/owner:a-b]"))
        .containsEntry("example.com/owner", "a-b");
    assertThat(OperatorConfig.parseTags("[k:]")).containsEntry("k", "");
  }

  @Test
  void badTagsStopTheOperatorWithAMessageNamingThem() {
    assertThatThrownBy(() -> OperatorConfig.parseTags("[novalue]"))
        .hasMessageContaining("'novalue' is not key:value");
    assertThatThrownBy(() -> OperatorConfig.parseTags("[bad key:v]"))
        .hasMessageContaining("'bad key' is not a valid label key");
    assertThatThrownBy(() -> OperatorConfig.parseTags("[k:not valid!]"))
        .hasMessageContaining("not a valid label value");
    assertThatThrownBy(() -> OperatorConfig.parseTags("[app:other]"))
        .hasMessageContaining("would override");
    assertThatThrownBy(() -> OperatorConfig.parseTags("[a:1,a:2]"))
        .hasMessageContaining("repeats key 'a'");
    assertThatThrownBy(() -> OperatorConfig.parseTags("[a:1")).hasMessageContaining("unbalanced");
    assertThatThrownBy(() -> OperatorConfig.parseTags("[k:" + "v".repeat(64) + "]"))
        .hasMessageContaining("label value");
  }

  @Test
  void invalidValuesAreAllReportedTogether() {
    assertThatThrownBy(
            () ->
                OperatorConfig.from(
                    Map.of(
                        "OM_SM_IN_CLUSTER", "yes",
                        "SECRET_MANAGER_PREFIX", "a%b",
                        "SECRET_MANAGER_TAGS", "[x]")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("OM_SM_IN_CLUSTER must be true or false, not 'yes'")
        .hasMessageContaining("must not contain '%'")
        .hasMessageContaining("'x' is not key:value");
  }

  @Test
  void threeBadSettingsGiveThreeProblemsInOneMessageEachNamingItsSetting() {
    assertThatThrownBy(
            () ->
                OperatorConfig.from(
                    Map.of(
                        "OM_SM_WRITE_RATE", "fast",
                        "OM_SM_LEADER_ELECTION", "yes",
                        "OM_SM_RECONCILE_THREADS", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "invalid configuration: "
                + "OM_SM_LEADER_ELECTION must be true or false, not 'yes'; "
                + "OM_SM_WRITE_RATE must be a number, not 'fast'; "
                + "OM_SM_RECONCILE_THREADS must be between 1 and 1000");
  }

  @Test
  void aBadSettingIsOneProblemAndNoOtherCheckBlamesItsStandIn() {
    assertThatThrownBy(
            () ->
                OperatorConfig.from(Map.of("OM_SM_HTTP_PORT", "http", "OM_SM_HEALTH_PORT", "8080")))
        .as(
            "the default 8080 stands in for the bad port, yet the health port is not said to clash with it")
        .hasMessage("invalid configuration: OM_SM_HTTP_PORT must be a number, not 'http'");
    assertThatThrownBy(
            () ->
                OperatorConfig.from(
                    Map.of(
                        "OM_SM_PREFIX_STYLE",
                        "documnted",
                        "SECRET_MANAGER_PREFIX",
                        "a%b",
                        "OM_SM_MAX_VALUE_BYTES",
                        "0")))
        .as(
            "names are not judged by a style nobody chose; the policy's settings are checked without naming")
        .hasMessage(
            "invalid configuration: OM_SM_PREFIX_STYLE must be 'server' or 'documented', not 'documnted'; "
                + "OM_SM_MAX_VALUE_BYTES must be between 1 and 1000000");
  }

  @Test
  void rejectsBadNamespacesPortsAndContradictions() {
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("OM_SM_NAMESPACE", "Bad_NS")))
        .hasMessageContaining("'Bad_NS' is not a namespace name");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("OM_SM_HTTP_PORT", "99999")))
        .hasMessageContaining("OM_SM_HTTP_PORT must be between 0 and 65535");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("OM_SM_HEALTH_PORT", "8080")))
        .hasMessageContaining("OM_SM_HEALTH_PORT must differ from OM_SM_HTTP_PORT (8080)");
    assertThat(
            OperatorConfig.from(Map.of("OM_SM_HTTP_PORT", "0", "OM_SM_HEALTH_PORT", "0"))
                .healthPort())
        .as("0 picks a free port for each")
        .isZero();
    assertThatThrownBy(
            () ->
                OperatorConfig.from(
                    Map.of("OM_SM_IN_CLUSTER", "true", "OM_SM_KUBECONFIG_PATH", "/x")))
        .hasMessageContaining("OM_SM_KUBECONFIG_PATH must be empty when OM_SM_IN_CLUSTER=true");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("OM_SM_PREFIX_STYLE", "weird")))
        .hasMessageContaining("'server' or 'documented'");
  }

  @Test
  void leaderElectionIsOffByDefaultAndTheOperatorNamespaceDefaultsOutsideAPod() {
    assertThat(OperatorConfig.from(Map.of()).leaderElection()).isFalse();
    var config =
        OperatorConfig.from(
            Map.of("OM_SM_LEADER_ELECTION", "true", "OM_SM_OPERATOR_NAMESPACE", "om-system"));
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.operatorNamespace()).isEqualTo("om-system");
    Assumptions.assumeFalse(Files.exists(OperatorConfig.POD_NAMESPACE_FILE));
    assertThat(OperatorConfig.from(Map.of()).operatorNamespace()).isEqualTo("default");
  }

  @Test
  void policyIsStrictByDefault() {
    var policy = OperatorConfig.from(Map.of()).policy();
    assertThat(policy.allowPlaintext()).isFalse();
    assertThat(policy.allowedPaths()).extracting(Object::toString).containsExactly("**");
    assertThat(policy.maxValueBytes()).isEqualTo(262144);
    assertThat(policy.namePrefixes())
        .containsExactly("openmetadata-", "external-app-private-config-");
    assertThat(OperatorConfig.from(Map.of()).keyRotation()).isEqualTo(Duration.ofDays(30));
    assertThat(OperatorConfig.from(Map.of()).allowNewKeyRing())
        .as("a lost key ring is never replaced unasked")
        .isFalse();
    assertThat(OperatorConfig.from(Map.of()).readerSubjects()).isEmpty();
  }

  @Test
  void policySettingsAreReadAndChecked() {
    var config =
        OperatorConfig.from(
            Map.of(
                "OM_SM_ALLOW_PLAINTEXT", "true",
                "OM_SM_ALLOWED_PATHS", "database/**, bot/*/config/jwttoken",
                "OM_SM_MAX_VALUE_BYTES", "1024",
                "OM_SM_KEY_ROTATION_DAYS", "0",
                "OM_SM_ALLOW_NEW_KEY_RING", "true"));
    assertThat(config.policy().allowPlaintext()).isTrue();
    assertThat(config.policy().allowedPaths())
        .extracting(Object::toString)
        .containsExactly("database/**", "bot/*/config/jwttoken");
    assertThat(config.keyRotation()).isZero();
    assertThat(config.allowNewKeyRing()).isTrue();
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("OM_SM_MAX_VALUE_BYTES", "2000000")))
        .hasMessageContaining("OM_SM_MAX_VALUE_BYTES must be between 1 and 1000000");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("OM_SM_ALLOWED_PATHS", " , ")))
        .hasMessageContaining("allows no path");
  }

  @Test
  void readerSubjectsAreParsed() {
    assertThat(
            OperatorConfig.from(
                    Map.of(
                        "OM_SM_READER_SUBJECTS",
                        "ServiceAccount:airflow/worker, Group:ingestion#om|om-b, User:alice@example.com#*, ServiceAccount:om/x#om-b"))
                .readerSubjects())
        .containsExactly(
            new Subject("ServiceAccount", "worker", "airflow", Set.of("airflow")),
            new Subject("Group", "ingestion", null, Set.of("om", "om-b")),
            new Subject("User", "alice@example.com", null, Set.of("*")),
            new Subject("ServiceAccount", "x", "om", Set.of("om-b")));
    assertThatThrownBy(
            () -> OperatorConfig.from(Map.of("OM_SM_READER_SUBJECTS", "Group:ingestion")))
        .as("a Group has no namespace of its own: spanning namespaces is never a default")
        .hasMessageContaining("has no namespace of its own")
        .hasMessageContaining("Group:ingestion#ns1|ns2");
    assertThatThrownBy(
            () -> OperatorConfig.from(Map.of("OM_SM_READER_SUBJECTS", "User:alice#Om_B")))
        .hasMessageContaining("'Om_B' after # is not a namespace name");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("OM_SM_READER_SUBJECTS", "User:alice#")))
        .hasMessageContaining("after # is not a namespace name");
    assertThatThrownBy(
            () -> OperatorConfig.from(Map.of("OM_SM_READER_SUBJECTS", "ServiceAccount:worker")))
        .hasMessageContaining("must be ServiceAccount:namespace/name");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("OM_SM_READER_SUBJECTS", "Robot:r2")))
        .hasMessageContaining("must start with ServiceAccount:, User: or Group:");
  }

  @Test
  void unknownOwnSettingIsATypoWorthStoppingFor() {
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("OM_SM_NAMESPACES", "x", "PATH", "/bin")))
        .hasMessageContaining("unknown setting(s): OM_SM_NAMESPACES");
  }
}
