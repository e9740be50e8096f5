package org.openmetadata.secrets.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.api.ReaderRole;
import org.openmetadata.secrets.config.Subject;

class ReaderRolesTest {

  @Test
  void theRoleGrantsGetOnExactlyTheNamedSecrets() {
    var role = ReaderRoles.role("om", new TreeSet<>(List.of("openmetadata-b", "openmetadata-a")));
    assertThat(role.getRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getApiGroups()).containsExactly("");
              assertThat(rule.getResources()).containsExactly("secrets");
              assertThat(rule.getVerbs()).containsExactly("get");
              assertThat(rule.getResourceNames())
                  .containsExactly("openmetadata-a", "openmetadata-b");
            });
  }

  @Test
  void aRequestAfterAQuietSpellSyncsAtOnceAndABurstIsGatheredIntoOneSyncPerWindow() {
    assertThat(ReaderRoles.delay(Long.MAX_VALUE, 500)).as("first request").isZero();
    assertThat(ReaderRoles.delay(2000, 500)).as("quiet for longer than the window").isZero();
    assertThat(ReaderRoles.delay(100, 500)).as("100 ms after the last sync").isEqualTo(400);
    assertThat(ReaderRoles.delay(0, 500)).isEqualTo(500);
  }

  @Test
  void withNothingManagedTheRoleHasNoRuleRatherThanAnEmptyNameList() {
    assertThat(ReaderRoles.role("om", new TreeSet<>()).getRules()).isEmpty();
  }

  @Test
  void theBindingNamesTheConfiguredSubjects() {
    var binding =
        ReaderRoles.binding(
            "om",
            List.of(
                new Subject("ServiceAccount", "worker", "airflow", Set.of("om")),
                new Subject("User", "alice", null, Set.of("*"))));
    assertThat(binding.getSubjects())
        .extracting(
            s -> s.getKind() + ":" + s.getNamespace() + "/" + s.getName() + "@" + s.getApiGroup())
        .containsExactly(
            "ServiceAccount:airflow/worker@null", "User:null/alice@rbac.authorization.k8s.io");
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo(ReaderRole.NAME);
  }

  /** docs/sealing.md states the size of the Role at 10,000 Secrets; this holds it to that. */
  @Test
  void aRoleForTenThousandSecretsStaysWellUnderEtcdsObjectLimit() {
    var names = new TreeSet<String>();
    IntStream.range(0, 10_000)
        .forEach(i -> names.add("openmetadata-database-service-" + i + "-connection-password"));
    int bytes =
        Serialization.asJson(ReaderRoles.role("openmetadata", names))
            .getBytes(StandardCharsets.UTF_8)
            .length;
    assertThat(names.first().length()).isBetween(40, 60);
    assertThat(bytes).isBetween(500_000, 650_000).isLessThan(1_572_864);
  }
}
