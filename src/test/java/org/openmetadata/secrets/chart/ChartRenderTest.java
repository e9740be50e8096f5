package org.openmetadata.secrets.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.openmetadata.secrets.chart.Helm.NAMESPACE;
import static org.openmetadata.secrets.chart.Helm.RELEASE;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.config.Setting;

/** Renders the chart with helm and checks what an installer would see. */
class ChartRenderTest {

  /** The operator's rules: exactly the verbs its code uses, "group/resource" -> verbs. */
  private static final Map<String, List<String>> OPERATOR_RULES =
      Map.of(
          "secrets.open-metadata.org/openmetadatasecrets", List.of("get", "list", "watch", "patch"),
          "secrets.open-metadata.org/openmetadatasecrets/status", List.of("get", "patch"),
          "secrets.open-metadata.org/openmetadatasecrets/finalizers", List.of("update"),
          "secrets.open-metadata.org/resealrequests", List.of("get", "list", "watch", "delete"),
          "secrets.open-metadata.org/resealrequests/status", List.of("update"),
          "/secrets", List.of("get", "list", "watch", "create", "update", "delete"),
          "/events", List.of("create", "patch"));

  /**
   * With readers.enabled: the operator keeps the reader Role and RoleBinding om-secrets-readers.
   */
  private static final Map<String, List<String>> READER_ROLE_RULES =
      Map.of(
          "rbac.authorization.k8s.io/roles", List.of("create"),
          "rbac.authorization.k8s.io/rolebindings", List.of("create"),
          "rbac.authorization.k8s.io/roles@om-secrets-readers", List.of("get", "update", "delete"),
          "rbac.authorization.k8s.io/rolebindings@om-secrets-readers",
              List.of("get", "update", "delete"));

  /** Readers off: the operator may only find and remove a reader Role it wrote earlier, by name. */
  private static final Map<String, List<String>> STALE_READER_ROLE_RULES =
      Map.of(
          "rbac.authorization.k8s.io/roles@om-secrets-readers", List.of("get", "delete"),
          "rbac.authorization.k8s.io/rolebindings@om-secrets-readers", List.of("get", "delete"));

  /**
   * The release namespace: create anything, read and update only the key ring and the public key,
   * watch and patch only the deletion breakers' record.
   */
  private static final Map<String, List<String>> KEY_RING_RULES =
      Map.of(
          "/secrets", List.of("create"),
          "/secrets@om-secrets-operator-keys", List.of("get", "list", "watch", "update"),
          "/configmaps", List.of("create"),
          "/configmaps@om-secrets-operator-cert", List.of("get", "update"),
          "/configmaps@om-secrets-operator-deletion-breaker",
              List.of("get", "list", "watch", "patch"));

  private static final String KEYS = RELEASE + "-keys";

  /** Bound to nobody: admins bind it to who may re-seal in a namespace. */
  private static final String RESEALER = RELEASE + "-resealer";

  /** The Roles with watchNamespaces={a,b}. */
  private static final String ROLES_WATCHING_A_AND_B =
      List.of(
              "a/" + RELEASE,
              "a/" + RESEALER,
              "b/" + RELEASE,
              "b/" + RESEALER,
              NAMESPACE + "/" + KEYS)
          .toString();

  /**
   * The server's and the readers' ServiceAccounts live in OpenMetadata's namespace, the one watched
   * by default.
   */
  private static final String SERVER_SUBJECT =
      "openmetadataServer.subjects[0].kind=ServiceAccount,openmetadataServer.subjects[0].name=openmetadata,"
          + "openmetadataServer.subjects[0].namespace=openmetadata";

  private static final String READER_SUBJECT =
      "readers.subjects[0].kind=ServiceAccount,readers.subjects[0].name=airflow,"
          + "readers.subjects[0].namespace=openmetadata";

  /**
   * "group/resource" -> verbs, or "group/resource@name1,name2" for a rule restricted by
   * resourceNames; fails when a rule names several groups or a key appears twice (harder to read).
   */
  private static Map<String, List<String>> rules(List<PolicyRule> rules) {
    Map<String, List<String>> byResource = new LinkedHashMap<>();
    for (PolicyRule rule : rules) {
      assertThat(rule.getApiGroups()).hasSize(1);
      String names =
          rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
              ? ""
              : "@" + String.join(",", rule.getResourceNames());
      for (String resource : rule.getResources()) {
        String key = rule.getApiGroups().get(0) + "/" + resource + names;
        assertThat(byResource.put(key, rule.getVerbs()))
            .as("%s appears in two rules", key)
            .isNull();
      }
    }
    return byResource;
  }

  private static Map<String, List<String>> union(
      Map<String, List<String>> a, Map<String, List<String>> b) {
    Map<String, List<String>> all = new LinkedHashMap<>(a);
    all.putAll(b);
    assertThat(all).hasSize(a.size() + b.size());
    return all;
  }

  private static String roleNames(List<? extends HasMetadata> objects) {
    return objects.stream()
        .map(o -> o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
        .sorted()
        .toList()
        .toString();
  }

  /** The key ring Role and its binding to the operator, in the release namespace. */
  private static void assertKeyRingRole(Helm.Rendered rendered) {
    Role keys = rendered.get(Role.class, NAMESPACE, KEYS);
    assertThat(rules(keys.getRules()))
        .as(
            "create (not restricted by name: RBAC cannot), get/update only of the key ring and the public key,"
                + " watch/patch only of the breakers' record")
        .containsExactlyInAnyOrderEntriesOf(KEY_RING_RULES);
    RoleBinding binding = rendered.get(RoleBinding.class, NAMESPACE, KEYS);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo(KEYS);
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo(RELEASE);
              assertThat(s.getNamespace()).isEqualTo(NAMESPACE);
            });
  }

  private static String appVersion() throws IOException {
    Matcher m =
        Pattern.compile("(?m)^appVersion:\\s*\"?([^\"\\s]+)\"?\\s*$")
            .matcher(Files.readString(Helm.CHART.resolve("Chart.yaml")));
    assertThat(m.find()).as("appVersion in Chart.yaml").isTrue();
    return m.group(1);
  }

  private static Container container(Helm.Rendered rendered) {
    return rendered.deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void helmLintPassesInStrictMode() {
    Helm.Result lint =
        Helm.helm(
            "lint",
            "--strict",
            Helm.CHART.toString(),
            "--set",
            "image.repository=" + Helm.IMAGE_REPOSITORY);
    assertThat(lint.exitCode()).as(lint.stdout() + lint.stderr()).isZero();
    assertThat(lint.stdout()).contains("0 chart(s) failed");
  }

  @Test
  void defaultsServeOpenMetadatasNamespaceWithExactlyTheOperatorsVerbsAndKeepTheKeyRingOutOfIt() {
    Helm.Rendered rendered = Helm.template();

    assertThat(rendered.all(ClusterRole.class)).isEmpty();
    assertThat(rendered.all(ClusterRoleBinding.class)).isEmpty();
    assertThat(rendered.all(Role.class))
        .extracting(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
        .as("the operator's rights in openmetadata; in the release namespace only the key ring's")
        .containsExactlyInAnyOrder(
            "openmetadata/" + RELEASE, "openmetadata/" + RESEALER, NAMESPACE + "/" + KEYS);
    assertThat(rendered.env())
        .containsEntry("OM_SM_NAMESPACE", "openmetadata")
        .containsEntry("OM_SM_OPERATOR_NAMESPACE", NAMESPACE);
    Role role = rendered.get(Role.class, "openmetadata", RELEASE);
    assertThat(rules(role.getRules()))
        .containsExactlyInAnyOrderEntriesOf(union(OPERATOR_RULES, STALE_READER_ROLE_RULES));

    RoleBinding binding = rendered.get(RoleBinding.class, "openmetadata", RELEASE);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo(RELEASE);
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo(RELEASE);
              assertThat(s.getNamespace()).isEqualTo(NAMESPACE);
            });
    assertKeyRingRole(rendered);
    assertThat(rendered.all(RoleBinding.class)).hasSize(2);
  }

  /**
   * The admission policy follows the policy values and the watched namespaces; the encrypted bound
   * is the operator's.
   */
  @Test
  void theAdmissionPolicyRefusesWhatThePolicyRefusesInTheWatchedNamespaces() {
    Helm.Rendered defaults = Helm.template("--set", "watchNamespaces={a,b}");
    var policy = one(defaults, ValidatingAdmissionPolicy.class);
    assertThat(policy.getSpec().getValidations())
        .extracting(v -> v.getExpression())
        .containsExactly(
            "!has(object.spec.value) || size(bytes(object.spec.value)) <= 262144",
            "!has(object.spec.encryptedValue) || size(object.spec.encryptedValue) <= "
                + OpenMetadataSecretSpec.maxEncryptedLength(262_144),
            "!has(object.spec.value)");
    var binding = one(defaults, ValidatingAdmissionPolicyBinding.class);
    assertThat(binding.getSpec().getPolicyName()).isEqualTo(policy.getMetadata().getName());
    assertThat(binding.getSpec().getValidationActions()).containsExactly("Deny");
    assertThat(
            binding
                .getSpec()
                .getMatchResources()
                .getNamespaceSelector()
                .getMatchExpressions()
                .get(0)
                .getValues())
        .containsExactly("a", "b");

    Helm.Rendered largest =
        Helm.template(
            "--set",
            "watchNamespaces=all",
            "--set",
            "policy.maxValueBytes=1000000",
            "--set",
            "policy.allowPlaintext=true");
    assertThat(one(largest, ValidatingAdmissionPolicy.class).getSpec().getValidations())
        .extracting(v -> v.getExpression())
        .containsExactly(
            "!has(object.spec.value) || size(bytes(object.spec.value)) <= 1000000",
            "!has(object.spec.encryptedValue) || size(object.spec.encryptedValue) <= "
                + OpenMetadataSecretSpec.MAX_ENCRYPTED_VALUE_LENGTH);
    assertThat(one(largest, ValidatingAdmissionPolicyBinding.class).getSpec().getMatchResources())
        .isNull();

    Helm.Rendered off = Helm.template("--set", "admissionPolicy.enabled=false");
    assertThat(off.ofKind("ValidatingAdmissionPolicy")).isEmpty();
    assertThat(off.ofKind("ValidatingAdmissionPolicyBinding")).isEmpty();
  }

  /**
   * The one object of this kind, as its typed class (the chart tests' parser reads unregistered
   * kinds generically).
   */
  private static <T extends HasMetadata> T one(Helm.Rendered rendered, Class<T> type) {
    List<HasMetadata> found = rendered.ofKind(type.getSimpleName());
    assertThat(found).as(rendered.summary()).hasSize(1);
    return new KubernetesSerialization().convertValue(found.get(0), type);
  }

  @Test
  void readersOffRendersNoReaderRoleAndOnlyTheRightToRemoveAStaleOneByName() {
    Helm.Rendered rendered = Helm.template("--set", "watchNamespaces={a,b}");
    assertThat(rendered.all(Role.class))
        .allSatisfy(
            r ->
                assertThat(r.getRules())
                    .filteredOn(rule -> rule.getApiGroups().contains("rbac.authorization.k8s.io"))
                    .allSatisfy(
                        rule -> {
                          assertThat(rule.getResourceNames()).containsExactly("om-secrets-readers");
                          assertThat(rule.getVerbs()).containsExactly("get", "delete");
                        }));
    assertThat(rendered.all(Role.class))
        .extracting(r -> r.getMetadata().getName())
        .doesNotContain(RELEASE + "-readers", "om-secrets-readers");
    assertThat(rendered.env()).containsEntry("OM_SM_READER_SUBJECTS", "");
    assertThat(OperatorConfig.from(rendered.env()).readerSubjects()).isEmpty();
  }

  @Test
  void defaultsRenderNoLeaseRoleNoPdbNoServiceMonitorNoNetworkPolicy() {
    Helm.Rendered rendered = Helm.template();
    assertThat(rendered.all(Role.class))
        .noneMatch(
            r -> r.getRules().stream().anyMatch(rule -> rule.getResources().contains("leases")));
    assertThat(rendered.all(PodDisruptionBudget.class)).isEmpty();
    assertThat(rendered.ofKind("ServiceMonitor")).isEmpty();
    assertThat(rendered.ofKind("PrometheusRule")).isEmpty();
    assertThat(rendered.all(ConfigMap.class))
        .noneMatch(c -> c.getMetadata().getName().endsWith("-dashboard"));
    assertThat(rendered.all(NetworkPolicy.class)).isEmpty();
    assertThat(rendered.env()).containsEntry("OM_SM_LEADER_ELECTION", "false");
    assertThat(rendered.deployment().getSpec().getStrategy().getType())
        .as("without leader election an upgrade must not run two operators at once")
        .isEqualTo("Recreate");
  }

  @Test
  void deploymentMeetsTheRestrictedPodSecurityStandard() {
    Helm.Rendered rendered = Helm.template();
    PodSpec pod = rendered.deployment().getSpec().getTemplate().getSpec();
    var podSecurity = pod.getSecurityContext();
    assertThat(podSecurity.getRunAsNonRoot()).isTrue();
    assertThat(podSecurity.getRunAsUser()).isEqualTo(65532L);
    assertThat(podSecurity.getRunAsGroup()).isEqualTo(65532L);
    assertThat(podSecurity.getFsGroup()).isEqualTo(65532L);
    assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

    Container container = pod.getContainers().get(0);
    var security = container.getSecurityContext();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(security.getPrivileged()).isNotEqualTo(Boolean.TRUE);

    assertThat(container.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/tmp");
              assertThat(pod.getVolumes())
                  .anySatisfy(
                      v -> {
                        assertThat(v.getName()).isEqualTo(m.getName());
                        assertThat(v.getEmptyDir()).isNotNull();
                      });
            });

    assertThat(pod.getServiceAccountName()).isEqualTo(RELEASE);
    assertThat(pod.getAutomountServiceAccountToken()).isTrue();
    assertThat(
            rendered
                .get(ServiceAccount.class, NAMESPACE, RELEASE)
                .getAutomountServiceAccountToken())
        .as("only the operator's pod mounts the token")
        .isFalse();
  }

  @Test
  void withoutAnImageRepositoryTheChartRefusesToRenderAndSaysWhatToSet() {
    // No image is published: a default repository would only end in ImagePullBackOff on a real
    // cluster.
    Helm.Result result =
        Helm.helm("template", RELEASE, Helm.CHART.toString(), "--namespace", NAMESPACE);
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr())
        .contains("image.repository is not set: this chart ships no image")
        .contains("--set image.repository=REGISTRY/om-secrets-operator");
    assertThat(
            Helm.helm("template", RELEASE, Helm.CHART.toString(), "--set", "image.repository=")
                .stderr())
        .as("an empty repository is no repository")
        .contains("image.repository is not set");
  }

  @Test
  void deploymentRunsTheAppVersionImageWithProbesPortAndResources() throws IOException {
    Helm.Rendered rendered = Helm.template();
    Container container = container(rendered);
    assertThat(container.getImage()).isEqualTo(Helm.IMAGE_REPOSITORY + ":" + appVersion());
    assertThat(container.getArgs()).containsExactly("run");
    assertThat(container.getPorts())
        .extracting(p -> p.getName() + "=" + p.getContainerPort())
        .containsExactly("http=8080", "health=8081");

    // Every probe on the health port, which only the kubelet uses: no scraper can crowd them out.
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal())
        .isEqualTo("health");
    var startup = container.getStartupProbe();
    assertThat(startup.getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(startup.getHttpGet().getPort().getStrVal()).isEqualTo("health");
    assertThat(startup.getPeriodSeconds()).isEqualTo(2);
    assertThat(startup.getFailureThreshold()).isEqualTo(30);

    assertThat(container.getResources().getRequests())
        .hasEntrySatisfying("cpu", q -> assertThat(q.toString()).isEqualTo("100m"))
        .hasEntrySatisfying("memory", q -> assertThat(q.toString()).isEqualTo("256Mi"));
    assertThat(container.getResources().getLimits())
        .hasEntrySatisfying("memory", q -> assertThat(q.toString()).isEqualTo("512Mi"));

    Service service = rendered.get(Service.class, NAMESPACE, RELEASE);
    assertThat(service.getSpec().getPorts())
        .as("metrics only, not the probes' port")
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http-metrics");
              assertThat(p.getPort()).isEqualTo(8080);
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
            });
    assertThat(service.getSpec().getSelector())
        .isEqualTo(rendered.deployment().getSpec().getSelector().getMatchLabels());
    assertThat(rendered.deployment().getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector())
        .containsEntry("app.kubernetes.io/name", "om-secrets-operator")
        .containsEntry("app.kubernetes.io/instance", RELEASE)
        .containsEntry("app.kubernetes.io/version", appVersion());
  }

  @Test
  void imageTagDefaultsToTheVersionMavenBuilds() throws IOException {
    Matcher m =
        Pattern.compile(
                "<artifactId>om-secrets-operator</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Files.readString(Helm.ROOT.resolve("pom.xml")));
    assertThat(m.find()).isTrue();
    assertThat(appVersion())
        .as("Chart.yaml appVersion (the default image tag) against the pom's version")
        .isEqualTo(m.group(1).replaceFirst("-SNAPSHOT$", ""));
  }

  @Test
  void defaultEnvironmentIsOneTheOperatorAccepts() {
    Map<String, String> env = Helm.template().env();
    assertThat(env)
        .containsExactly(
            entry("SECRET_MANAGER_PREFIX", ""),
            entry("SECRET_MANAGER_TAGS", "[]"),
            entry("CLUSTER_NAME", "openmetadata"),
            entry("OM_SM_NAMESPACE", "openmetadata"),
            entry("OM_SM_OPERATOR_NAMESPACE", NAMESPACE),
            entry("OM_SM_IN_CLUSTER", "true"),
            entry("OM_SM_PREFIX_STYLE", "server"),
            entry("OM_SM_ALLOW_PLAINTEXT", "false"),
            entry("OM_SM_ALLOWED_PATHS", "**"),
            entry("OM_SM_MAX_VALUE_BYTES", "262144"),
            entry("OM_SM_LOG_LEVEL", "INFO"),
            entry("OM_SM_HTTP_PORT", "8080"),
            entry("OM_SM_HEALTH_PORT", "8081"),
            entry("OM_SM_RECHECK_SECONDS", "60"),
            entry("OM_SM_WRITE_RATE", "300"),
            entry("OM_SM_WRITE_BURST", "300"),
            entry("OM_SM_RECONCILE_THREADS", "16"),
            entry("OM_SM_DELETION_BREAKER_THRESHOLD", "20"),
            entry("OM_SM_DELETION_BREAKER_WINDOW_SECONDS", "60"),
            entry("OM_SM_LEADER_ELECTION", "false"),
            entry("OM_SM_KEY_ROTATION_DAYS", "30"),
            entry("OM_SM_ALLOW_NEW_KEY_RING", "false"),
            entry("OM_SM_TRUSTED_RECIPIENTS", ""),
            entry("OM_SM_READER_SUBJECTS", ""),
            entry(
                "JAVA_TOOL_OPTIONS",
                "-XX:+UseSerialGC -XX:MaxRAMPercentage=75 -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError"));

    OperatorConfig config = OperatorConfig.from(env);
    assertThat(config.namespaces().names()).containsExactly("openmetadata");
    assertThat(config.operatorNamespace()).isEqualTo(NAMESPACE);
    assertThat(config.inCluster()).isTrue();
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.healthPort()).isEqualTo(8081);
    assertThat(config.policy().allowPlaintext()).as("plain text is refused by default").isFalse();
    assertThat(config.policy().allowedPaths()).extracting(Object::toString).containsExactly("**");
    assertThat(config.policy().maxValueBytes()).isEqualTo(262144);
    assertThat(config.keyRotation()).isEqualTo(Duration.ofDays(30));
    assertThat(config.readerSubjects()).isEmpty();
    // The defaults are the operator's own, so an install without values behaves like the bare jar.
    for (Setting setting :
        List.of(
            Setting.OM_SM_ALLOW_PLAINTEXT,
            Setting.OM_SM_ALLOWED_PATHS,
            Setting.OM_SM_MAX_VALUE_BYTES,
            Setting.OM_SM_KEY_ROTATION_DAYS,
            Setting.OM_SM_ALLOW_NEW_KEY_RING,
            Setting.OM_SM_TRUSTED_RECIPIENTS,
            Setting.OM_SM_READER_SUBJECTS,
            Setting.OM_SM_LOG_LEVEL,
            Setting.OM_SM_RECHECK_SECONDS,
            Setting.OM_SM_WRITE_RATE,
            Setting.OM_SM_WRITE_BURST,
            Setting.OM_SM_RECONCILE_THREADS,
            Setting.OM_SM_DELETION_BREAKER_THRESHOLD,
            Setting.OM_SM_DELETION_BREAKER_WINDOW_SECONDS)) {
      assertThat(env).as(setting.name()).containsEntry(setting.name(), setting.defaultValue());
    }
  }

  @Test
  void everyOperatorVariableTheChartSetsIsASettingTheOperatorKnows() throws Exception {
    // The operator stops on an unknown OM_SM_* variable: a chart/operator mismatch would
    // crash-loop.
    var known = Arrays.stream(Setting.values()).map(Enum::name).collect(Collectors.toSet());
    Map<String, String> env =
        Helm.template(
                "--set",
                "replicas=2",
                "--set",
                "tags.team=data",
                "--set",
                "prefix=acme",
                "--set",
                "clusterName=prod",
                "--set",
                "readers.enabled=true",
                "--set",
                READER_SUBJECT,
                "--set",
                "logLevel=DEBUG",
                "--set",
                "policy.allowPlaintext=true",
                "--set",
                "policy.allowedPaths={database/**,bot/*/config/jwttoken}",
                "--set",
                "policy.maxValueBytes=4096",
                "--set",
                "sealing.keyRotationDays=0")
            .env();
    assertThat(env.keySet()).filteredOn(k -> !k.equals("JAVA_TOOL_OPTIONS")).isSubsetOf(known);
    assertThat(env).doesNotContainKey("OM_SM_LEADER_ELECTION_NAMESPACE");
    OperatorConfig config = OperatorConfig.from(env);
    assertThat(config.tags()).containsExactly(entry("team", "data"));
    assertThat(config.naming().secretName("database/db/password"))
        .isEqualTo("acmeprod-database-db-password");
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.operatorNamespace()).isEqualTo(NAMESPACE);
    assertThat(config.policy().allowPlaintext()).isTrue();
    assertThat(config.policy().allowedPaths())
        .extracting(Object::toString)
        .containsExactly("database/**", "bot/*/config/jwttoken");
    assertThat(config.policy().maxValueBytes()).isEqualTo(4096);
    assertThat(config.keyRotation()).isZero();
    // The operator's Subject; the imported one is the RBAC binding's.
    assertThat(config.readerSubjects())
        .containsExactly(
            new org.openmetadata.secrets.config.Subject(
                "ServiceAccount", "airflow", "openmetadata", Set.of("openmetadata")));
  }

  @Test
  void policyAndSealingValuesBecomeTheOperatorsSettings() throws IOException {
    Map<String, String> env =
        Helm.template(
                "--set",
                "policy.allowPlaintext=true",
                "--set",
                "policy.allowedPaths={database/**,bot/*/config/jwttoken}",
                "--set",
                "policy.maxValueBytes=1000",
                "--set",
                "sealing.keyRotationDays=90",
                "--set",
                "sealing.allowNewKeyRing=true",
                "--set",
                "logLevel=WARN")
            .env();
    assertThat(env)
        .containsEntry("OM_SM_ALLOW_PLAINTEXT", "true")
        .containsEntry("OM_SM_ALLOWED_PATHS", "database/**,bot/*/config/jwttoken")
        .containsEntry("OM_SM_MAX_VALUE_BYTES", "1000")
        .containsEntry("OM_SM_KEY_ROTATION_DAYS", "90")
        .containsEntry("OM_SM_ALLOW_NEW_KEY_RING", "true")
        .containsEntry("OM_SM_LOG_LEVEL", "WARN");
    OperatorConfig config = OperatorConfig.from(env);
    assertThat(config.policy().allowedPaths()).hasSize(2);
    assertThat(config.policy().allowedPaths().get(1).matches("bot/ingestion-bot/config/jwttoken"))
        .isTrue();
    assertThat(config.keyRotation()).isEqualTo(Duration.ofDays(90));
    assertThat(config.allowNewKeyRing()).isTrue();

    // A number from a values file reaches the template as a float: it must not print as 1e+06.
    var values = Files.createTempFile("oms-values", ".yaml");
    try {
      Files.writeString(
          values,
          "policy:\n  maxValueBytes: 1000000\nsealing:\n  keyRotationDays: 3650\n"
              + "recheckSeconds: 86400\n");
      Map<String, String> fromFile = Helm.template("-f", values.toString()).env();
      assertThat(fromFile)
          .containsEntry("OM_SM_MAX_VALUE_BYTES", "1000000")
          .containsEntry("OM_SM_KEY_ROTATION_DAYS", "3650")
          .containsEntry("OM_SM_RECHECK_SECONDS", "86400");
      assertThat(OperatorConfig.from(fromFile).policy().maxValueBytes()).isEqualTo(1_000_000);
    } finally {
      Files.deleteIfExists(values);
    }
  }

  @Test
  void schemaRejectsBadPolicySealingAndReaderValues() {
    Map<String, String> refusals = new LinkedHashMap<>();
    refusals.put(
        "policy.maxValueBytes=0", "policy.maxValueBytes: Must be greater than or equal to 1");
    refusals.put(
        "policy.maxValueBytes=1000001", "policy.maxValueBytes: Must be less than or equal to");
    refusals.put(
        "policy.maxValueBytes=big", "policy.maxValueBytes: Invalid type. Expected: integer");
    refusals.put(
        "policy.allowPlaintext=yes", "policy.allowPlaintext: Invalid type. Expected: boolean");
    refusals.put(
        "policy.allowedPaths=database/**", "policy.allowedPaths: Invalid type. Expected: array");
    refusals.put("policy.allowedPaths={/}", "policy.allowedPaths.0: Does not match pattern");
    refusals.put("policy.allowedPaths[0]=a\\,b", "policy.allowedPaths.0: Does not match pattern");
    refusals.put(
        "policy.allowPlainText=true", "policy: Additional property allowPlainText is not allowed");
    refusals.put(
        "sealing.keyRotationDays=-1",
        "sealing.keyRotationDays: Must be greater than or equal to 0");
    refusals.put(
        "sealing.keyRotationDays=3651", "sealing.keyRotationDays: Must be less than or equal to");
    refusals.put(
        "sealing.rotationDays=7", "sealing: Additional property rotationDays is not allowed");
    refusals.put(
        "readers.namespaces={a}", "readers: Additional property namespaces is not allowed");
    refusals.put("logLevel=chatty", "logLevel must be one of the following");
    refusals.forEach((set, message) -> assertRefused(List.of("--set", set), message));

    assertRefused(
        List.of("--set-json", "policy.allowedPaths=[]"),
        "policy.allowedPaths: Array must have at least 1 items");
  }

  @Test
  void whoMayReSealIsARoleInEachWatchedNamespaceBoundToNobody() {
    Helm.Rendered rendered = Helm.template("--set", "watchNamespaces={a,b}");
    for (String ns : List.of("a", "b")) {
      assertThat(rules(rendered.get(Role.class, ns, RESEALER).getRules()))
          .containsExactly(
              entry(
                  "secrets.open-metadata.org/resealrequests",
                  List.of("create", "get", "list", "watch", "delete")));
    }
    assertThat(rendered.all(RoleBinding.class))
        .noneMatch(b -> b.getRoleRef().getName().equals(RESEALER));
    assertThat(
            rules(
                Helm.template("--set", "watchNamespaces=all")
                    .get(ClusterRole.class, null, RESEALER)
                    .getRules()))
        .containsOnlyKeys("secrets.open-metadata.org/resealrequests");
  }

  @Test
  void namespaceListGetsARoleInEachNamespace() {
    Helm.Rendered rendered = Helm.template("--set", "watchNamespaces={a,b}");
    assertThat(roleNames(rendered.all(Role.class)))
        .as(
            "the operator's Role in each watched namespace, the key ring Role in the release namespace")
        .isEqualTo(ROLES_WATCHING_A_AND_B);
    assertKeyRingRole(rendered);
    for (String ns : List.of("a", "b")) {
      assertThat(rules(rendered.get(Role.class, ns, RELEASE).getRules()))
          .containsExactlyInAnyOrderEntriesOf(union(OPERATOR_RULES, STALE_READER_ROLE_RULES));
      RoleBinding binding = rendered.get(RoleBinding.class, ns, RELEASE);
      assertThat(binding.getSubjects())
          .extracting(Subject::getNamespace)
          .containsExactly(NAMESPACE);
    }
    assertThat(rendered.all(ClusterRole.class)).isEmpty();
    assertThat(rendered.env()).containsEntry("OM_SM_NAMESPACE", "a,b");
    assertThat(OperatorConfig.from(rendered.env()).namespaces().names())
        .containsExactlyInAnyOrder("a", "b");
  }

  /**
   * The key ring opens every sealed value: the chart does not put it where authors work unless told
   * to.
   */
  @Test
  void servingTheReleaseNamespaceWhichHoldsTheKeyRingNeedsAnExplicitYes() throws IOException {
    String refusal =
        "watchNamespaces serves the release namespace \""
            + NAMESPACE
            + "\", which holds the key ring";
    assertRefused(
        List.of("--namespace", NAMESPACE, "--set-json", "watchNamespaces=[]"),
        refusal,
        "set sealing.allowKeyRingInWatchedNamespace=true");
    assertRefused(
        List.of(
            "--namespace", NAMESPACE, "--set", "watchNamespaces={openmetadata," + NAMESPACE + "}"),
        refusal);
    assertRefused(
        List.of("--namespace", "openmetadata"),
        "release namespace \"openmetadata\", which holds the key ring");

    Helm.Rendered allowed =
        Helm.template(
            "--set-json",
            "watchNamespaces=[]",
            "--set",
            "sealing.allowKeyRingInWatchedNamespace=true");
    assertThat(allowed.env()).containsEntry("OM_SM_NAMESPACE", NAMESPACE);
    assertThat(roleNames(allowed.all(Role.class)))
        .isEqualTo(
            List.of(NAMESPACE + "/" + RELEASE, NAMESPACE + "/" + KEYS, NAMESPACE + "/" + RESEALER)
                .toString());
    String warning = "WARNING: it also serves " + NAMESPACE + ", which holds its key ring";
    assertThat(
            Helm.notes(
                "--set-json",
                "watchNamespaces=[]",
                "--set",
                "sealing.allowKeyRingInWatchedNamespace=true"))
        .contains(warning);
    assertThat(Helm.notes("--set", "watchNamespaces=all"))
        .as("every namespace includes the release namespace")
        .contains(warning);
    assertThat(Helm.notes()).doesNotContain("WARNING");
  }

  @Test
  void allNamespacesGetsAClusterRoleAndNoRoles() {
    Helm.Rendered rendered = Helm.template("--set", "watchNamespaces=all");
    assertThat(rendered.all(Role.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly(KEYS);
    assertThat(rendered.all(RoleBinding.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly(KEYS);
    assertKeyRingRole(rendered);
    ClusterRole clusterRole = rendered.get(ClusterRole.class, null, RELEASE);
    assertThat(rules(clusterRole.getRules()))
        .containsExactlyInAnyOrderEntriesOf(union(OPERATOR_RULES, STALE_READER_ROLE_RULES));
    ClusterRoleBinding binding = rendered.get(ClusterRoleBinding.class, null, RELEASE);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getName()).isEqualTo(RELEASE);
              assertThat(s.getNamespace()).isEqualTo(NAMESPACE);
            });
    assertThat(rendered.env()).containsEntry("OM_SM_NAMESPACE", "all");
    assertThat(OperatorConfig.from(rendered.env()).namespaces().all()).isTrue();
  }

  @Test
  void twoReplicasElectALeaderWithALeaseRoleInTheReleaseNamespaceAndAPdb() {
    Helm.Rendered rendered = Helm.template("--set", "replicas=2", "--set", "watchNamespaces={a}");
    assertThat(rendered.deployment().getSpec().getReplicas()).isEqualTo(2);
    assertThat(rendered.env())
        .containsEntry("OM_SM_LEADER_ELECTION", "true")
        .containsEntry("OM_SM_OPERATOR_NAMESPACE", NAMESPACE);

    Role leases = rendered.get(Role.class, NAMESPACE, RELEASE + "-leader-election");
    assertThat(rules(leases.getRules()))
        .as("get/create/update are what JOSDK checks; patch is what fabric8's LeaseLock sends")
        .containsExactly(
            entry("coordination.k8s.io/leases", List.of("get", "create", "update", "patch")));
    assertThat(
            rendered.get(RoleBinding.class, NAMESPACE, RELEASE + "-leader-election").getSubjects())
        .extracting(Subject::getName)
        .containsExactly(RELEASE);
    assertThat(rendered.all(Role.class))
        .filteredOn(r -> !r.equals(leases))
        .allSatisfy(
            r -> assertThat(rules(r.getRules())).doesNotContainKey("coordination.k8s.io/leases"));

    PodDisruptionBudget pdb = rendered.get(PodDisruptionBudget.class, NAMESPACE, RELEASE);
    assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(rendered.deployment().getSpec().getSelector().getMatchLabels());
  }

  @Test
  void leaderElectionCanBeTurnedOnWithOneReplicaWithoutAPdb() {
    Helm.Rendered rendered = Helm.template("--set", "leaderElection.enabled=true");
    assertThat(rendered.env()).containsEntry("OM_SM_LEADER_ELECTION", "true");
    assertThat(rendered.find(Role.class, NAMESPACE, RELEASE + "-leader-election")).isPresent();
    assertThat(rendered.all(PodDisruptionBudget.class)).isEmpty();
    assertThat(rendered.deployment().getSpec().getStrategy()).isNull();
  }

  @Test
  void serviceMonitorScrapesTheMetricsPortWhenEnabled() {
    Helm.Rendered rendered =
        Helm.template(
            "--set", "serviceMonitor.enabled=true", "--set", "serviceMonitor.interval=15s");
    assertThat(rendered.ofKind("ServiceMonitor"))
        .singleElement()
        .satisfies(
            o -> {
              GenericKubernetesResource monitor = (GenericKubernetesResource) o;
              assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
              assertThat(monitor.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
              List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
              assertThat(endpoints)
                  .singleElement()
                  .satisfies(
                      e ->
                          assertThat(e)
                              .containsEntry("port", "http-metrics")
                              .containsEntry("path", "/metrics")
                              .containsEntry("interval", "15s")
                              .as("oms_resources{namespace} is the resource's namespace")
                              .containsEntry("honorLabels", true));
              Map<String, String> matchLabels = monitor.get("spec", "selector", "matchLabels");
              assertThat(matchLabels).isNotEmpty();
              assertThat(rendered.get(Service.class, NAMESPACE, RELEASE).getMetadata().getLabels())
                  .as("the ServiceMonitor selects the metrics Service")
                  .containsAllEntriesOf(matchLabels);
            });
  }

  @Test
  void alertsAreNotRenderedWithARunbookLinkNobodyCanOpen() {
    Helm.Result refused = Helm.renderChart(Helm.RELEASE, "--set", "prometheusRule.enabled=true");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr())
        .contains("prometheusRule.runbookUrl is required with prometheusRule.enabled");
  }

  @Test
  void prometheusRuleAndDashboardRenderTogetherWhenEnabled() throws IOException {
    Helm.Rendered rendered =
        Helm.template(
            "--set",
            Helm.ALERTS + ",grafana.dashboard.enabled=true",
            "--set",
            "prometheusRule.labels.release=monitoring",
            "--set",
            "grafana.dashboard.annotations.grafana_folder=OpenMetadata");
    GenericKubernetesResource rule =
        (GenericKubernetesResource) rendered.ofKind("PrometheusRule").get(0);
    assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(rule.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(rule.getMetadata().getLabels()).containsEntry("release", "monitoring");

    ConfigMap dashboard = rendered.get(ConfigMap.class, NAMESPACE, RELEASE + "-dashboard");
    assertThat(dashboard.getMetadata().getLabels())
        .as("the label Grafana's sidecar loads dashboards by")
        .containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getMetadata().getAnnotations())
        .containsEntry("grafana_folder", "OpenMetadata");
    assertThat(dashboard.getData().get("om-secrets-operator.json"))
        .as("the chart's dashboard file, whole")
        .isEqualTo(
            Files.readString(Helm.CHART.resolve("dashboards/om-secrets-operator.json")).strip());
  }

  @Test
  void theDashboardConfigMapTakesTheSidecarsLabelAndNamespace() {
    ConfigMap dashboard =
        Helm.template(
                "--set",
                "grafana.dashboard.enabled=true",
                "--set",
                "grafana.dashboard.namespace=monitoring",
                "--set",
                "grafana.dashboard.labels.grafana_dashboard=null",
                "--set",
                "grafana.dashboard.labels.team-dashboards=yes")
            .get(ConfigMap.class, "monitoring", RELEASE + "-dashboard");
    assertThat(dashboard.getMetadata().getLabels())
        .containsEntry("team-dashboards", "yes")
        .doesNotContainKey("grafana_dashboard");
  }

  @Test
  void tagsBecomeTheSortedListOpenMetadataExpects() {
    Map<String, String> env = Helm.template("--set", "tags.b=2", "--set", "tags.a=1").env();
    assertThat(env).containsEntry("SECRET_MANAGER_TAGS", "[a:1,b:2]");
    assertThat(OperatorConfig.from(env).tags()).containsExactly(entry("a", "1"), entry("b", "2"));
  }

  @Test
  void schemaRejectsAnUnknownTopLevelKey() {
    assertRefused(
        List.of("--set", "watchNamespace=a"), "Additional property watchNamespace is not allowed");
  }

  @Test
  void schemaRejectsAWrongType() {
    assertRefused(List.of("--set", "replicas=two"), "replicas", "Expected: integer, given: string");

    assertRefused(
        List.of("--set", "prefixStyle=compat"), "prefixStyle must be one of the following");

    assertRefused(List.of("--set", "watchNamespaces=everything"), "watchNamespaces");
  }

  /**
   * Two OpenMetadata installations, in a and b, and an operator-wide identity that says it spans
   * both.
   */
  private static final String[] TWO_SERVERS = {
    "--set",
    "watchNamespaces={a,b}",
    "--set",
    "openmetadataServer.enabled=true",
    "--set",
    "openmetadataServer.subjects[0].kind=ServiceAccount,openmetadataServer.subjects[0].name=openmetadata,"
        + "openmetadataServer.subjects[0].namespace=a",
    "--set",
    "openmetadataServer.subjects[1].kind=ServiceAccount,openmetadataServer.subjects[1].name=openmetadata,"
        + "openmetadataServer.subjects[1].namespace=b",
    "--set",
    "openmetadataServer.subjects[2].kind=User,openmetadataServer.subjects[2].name=platform,"
        + "openmetadataServer.subjects[2].namespaces={a,b}"
  };

  @Test
  void theServerGetsExactlyWhatTheBridgeCallsAndNothingOnSecretsButReading() {
    Helm.Rendered rendered = Helm.template(TWO_SERVERS);
    for (String ns : List.of("a", "b")) {
      Role role = rendered.get(Role.class, ns, RELEASE + "-openmetadata-server");
      assertThat(rules(role.getRules()))
          .containsExactly(
              entry(
                  "secrets.open-metadata.org/openmetadatasecrets",
                  List.of("create", "get", "list", "watch", "update", "delete")));
      RoleBinding binding = rendered.get(RoleBinding.class, ns, RELEASE + "-openmetadata-server");
      assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
      assertThat(binding.getSubjects())
          .extracting(s -> s.getKind() + ":" + s.getNamespace() + "/" + s.getName())
          .as(
              "each server only in its own namespace; the identity that lists both namespaces in both")
          .containsExactly("ServiceAccount:" + ns + "/openmetadata", "User:null/platform");
      assertThat(rules(rendered.get(Role.class, ns, RELEASE).getRules()))
          .as("the operator keeps the reader Role, through which the server reads its Secrets back")
          .containsExactlyInAnyOrderEntriesOf(union(OPERATOR_RULES, READER_ROLE_RULES));
    }
    Role cert = rendered.get(Role.class, NAMESPACE, RELEASE + "-openmetadata-server-cert");
    assertThat(rules(cert.getRules()))
        .containsExactly(entry("/configmaps@om-secrets-operator-cert", List.of("get")));
    assertThat(
            rendered
                .get(RoleBinding.class, NAMESPACE, RELEASE + "-openmetadata-server-cert")
                .getSubjects())
        .extracting(Subject::getName)
        .containsExactly("openmetadata", "openmetadata", "platform");
    assertThat(rendered.env())
        .as("readers too: each server reads back only in its own namespace")
        .containsEntry(
            "OM_SM_READER_SUBJECTS",
            "ServiceAccount:a/openmetadata#a,ServiceAccount:b/openmetadata#b,User:platform#a|b");
    Helm.Rendered both =
        Helm.template(
            "--set",
            "openmetadataServer.enabled=true",
            "--set",
            SERVER_SUBJECT,
            "--set",
            "readers.enabled=true",
            "--set",
            READER_SUBJECT);
    assertThat(both.env())
        .containsEntry(
            "OM_SM_READER_SUBJECTS",
            "ServiceAccount:openmetadata/airflow#openmetadata,ServiceAccount:openmetadata/openmetadata#openmetadata");
  }

  @Test
  void theBridgeConfigMapsGiveTheSidecarTheOperatorsSettingsAndOpenMetadataAKubeconfig()
      throws Exception {
    assertThat(
            Helm.template("--set", "openmetadataServer.enabled=true", "--set", SERVER_SUBJECT)
                .all(ConfigMap.class))
        .as("only when asked")
        .isEmpty();

    Helm.Rendered rendered =
        Helm.template(
            "--set",
            "watchNamespaces={openmetadata,other}",
            "--set",
            "prefix=acme",
            "--set",
            "clusterName=eu",
            "--set",
            "policy.maxValueBytes=1000",
            "--set",
            "policy.allowedPaths={database/**}",
            "--set",
            "openmetadataServer.enabled=true",
            "--set",
            SERVER_SUBJECT,
            "--set",
            "openmetadataServer.bridge.configMaps=true",
            "--set",
            "openmetadataServer.bridge.port=9999");
    Map<String, String> bridgeEnv =
        rendered.get(ConfigMap.class, "openmetadata", RELEASE + "-bridge").getData();
    Map<String, String> operatorEnv = rendered.env();
    for (String shared :
        List.of(
            "SECRET_MANAGER_PREFIX",
            "SECRET_MANAGER_TAGS",
            "CLUSTER_NAME",
            "OM_SM_PREFIX_STYLE",
            "OM_SM_OPERATOR_NAMESPACE",
            "OM_SM_ALLOWED_PATHS",
            "OM_SM_MAX_VALUE_BYTES")) {
      assertThat(bridgeEnv).containsEntry(shared, operatorEnv.get(shared));
    }
    assertThat(operatorEnv).containsEntry("OM_SM_NAMESPACE", "openmetadata,other");
    assertThat(bridgeEnv)
        .as("the bridge serves only where its server is granted, not every watched namespace")
        .containsEntry("OM_SM_NAMESPACE", "openmetadata");
    assertThat(rendered.find(ConfigMap.class, "other", RELEASE + "-bridge")).isEmpty();
    assertThat(bridgeEnv)
        .containsEntry("OM_SM_IN_CLUSTER", "true")
        .containsKey("JAVA_TOOL_OPTIONS");
    Map<String, String> settings = new LinkedHashMap<>(bridgeEnv);
    settings.remove("JAVA_TOOL_OPTIONS");
    OperatorConfig config = OperatorConfig.from(settings);
    assertThat(config.naming().namePrefix()).isEqualTo("acmeeu-");
    assertThat(config.operatorNamespace()).isEqualTo(NAMESPACE);

    String kubeconfig =
        rendered
            .get(ConfigMap.class, "openmetadata", RELEASE + "-bridge-kubeconfig")
            .getData()
            .get("kubeconfig");
    Config parsed = Config.fromKubeconfig(kubeconfig);
    assertThat(parsed.getMasterUrl()).isEqualTo("http://127.0.0.1:9999/");
    assertThat(parsed.getNamespace()).isEqualTo("openmetadata");
    assertThat(parsed.getOauthToken()).isNull();

    String notes =
        Helm.notes(
            "--set",
            "watchNamespaces={openmetadata}",
            "--set",
            "openmetadataServer.enabled=true",
            "--set",
            SERVER_SUBJECT,
            "--set",
            "openmetadataServer.bridge.configMaps=true");
    assertThat(notes)
        .contains(
            "docs/openmetadata-server.md",
            "ServiceAccount openmetadata/openmetadata: openmetadata",
            "ConfigMaps "
                + RELEASE
                + "-bridge and "
                + RELEASE
                + "-bridge-kubeconfig\nin the namespace of each server");
  }

  @Test
  void aServerThatSpansNamespacesSaysSoAndItsBridgeServesExactlyThose() {
    Helm.Rendered rendered =
        Helm.template(
            "--set",
            "watchNamespaces={om-server,om-secrets,other}",
            "--set",
            "openmetadataServer.enabled=true",
            "--set",
            "openmetadataServer.bridge.configMaps=true",
            "--set",
            "openmetadataServer.subjects[0].kind=ServiceAccount,openmetadataServer.subjects[0].name=openmetadata,"
                + "openmetadataServer.subjects[0].namespace=om-server,openmetadataServer.subjects[0].namespaces={om-secrets}");
    assertThat(rendered.find(Role.class, "om-secrets", RELEASE + "-openmetadata-server"))
        .isPresent();
    assertThat(rendered.find(Role.class, "om-server", RELEASE + "-openmetadata-server"))
        .as("only where it says, not its own namespace as well")
        .isEmpty();
    assertThat(rendered.find(Role.class, "other", RELEASE + "-openmetadata-server")).isEmpty();
    assertThat(rendered.get(ConfigMap.class, "om-server", RELEASE + "-bridge").getData())
        .as("the ConfigMaps go where the pod runs, to serve where it is granted")
        .containsEntry("OM_SM_NAMESPACE", "om-secrets");
    assertThat(
            rendered
                .get(ConfigMap.class, "om-server", RELEASE + "-bridge-kubeconfig")
                .getData()
                .get("kubeconfig"))
        .contains("namespace: om-secrets");
  }

  @Test
  void readersLetTheOperatorKeepTheReaderRoleByNameAndTheChartRendersNone() {
    Helm.Rendered rendered =
        Helm.template(
            "--set",
            "watchNamespaces={a,b}",
            "--set",
            "readers.enabled=true",
            "--set",
            "readers.subjects[0].kind=ServiceAccount,readers.subjects[0].name=airflow,readers.subjects[0].namespace=a"
                + ",readers.subjects[1].kind=User,readers.subjects[1].name=alice@example.com,readers.subjects[1].namespaces={b}"
                + ",readers.subjects[2].kind=Group,readers.subjects[2].name=system:ingestion,readers.subjects[2].namespaces={*}");
    assertThat(roleNames(rendered.all(Role.class)))
        .as("no static reader Role: the operator keeps om-secrets-readers, by resourceNames")
        .isEqualTo(ROLES_WATCHING_A_AND_B);
    assertThat(roleNames(rendered.all(RoleBinding.class)))
        .isEqualTo(List.of("a/" + RELEASE, "b/" + RELEASE, NAMESPACE + "/" + KEYS).toString());
    for (String ns : List.of("a", "b")) {
      assertThat(rules(rendered.get(Role.class, ns, RELEASE).getRules()))
          .as(
              "create on roles/rolebindings (RBAC cannot restrict it by name), get/update only om-secrets-readers")
          .containsExactlyInAnyOrderEntriesOf(union(OPERATOR_RULES, READER_ROLE_RULES));
    }
    assertThat(rules(rendered.get(Role.class, NAMESPACE, KEYS).getRules()))
        .as("the release namespace is not watched here: only the key ring")
        .containsExactlyInAnyOrderEntriesOf(KEY_RING_RULES);

    Map<String, String> env = rendered.env();
    assertThat(env)
        .containsEntry(
            "OM_SM_READER_SUBJECTS",
            "ServiceAccount:a/airflow#a,User:alice@example.com#b,Group:system:ingestion#*");
    // The operator's Subject (the imported one is the RBAC binding's).
    assertThat(OperatorConfig.from(env).readerSubjects())
        .containsExactly(
            new org.openmetadata.secrets.config.Subject(
                "ServiceAccount", "airflow", "a", Set.of("a")),
            new org.openmetadata.secrets.config.Subject(
                "User", "alice@example.com", null, Set.of("b")),
            new org.openmetadata.secrets.config.Subject(
                "Group", "system:ingestion", null, Set.of("*")));
  }

  @Test
  void readersWithAllNamespacesPutTheRoleRulesInTheClusterRole() {
    Helm.Rendered rendered =
        Helm.template(
            "--set",
            "watchNamespaces=all",
            "--set",
            "readers.enabled=true",
            "--set",
            READER_SUBJECT);
    assertThat(rules(rendered.get(ClusterRole.class, null, RELEASE).getRules()))
        .containsExactlyInAnyOrderEntriesOf(union(OPERATOR_RULES, READER_ROLE_RULES));
    assertThat(rendered.all(ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly(RELEASE, RELEASE + "-resealer");
    assertThat(rendered.all(Role.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly(KEYS);
    assertThat(rendered.env())
        .containsEntry("OM_SM_READER_SUBJECTS", "ServiceAccount:openmetadata/airflow#openmetadata");
  }

  @Test
  void theServerRoleIsNeverClusterWide() {
    Helm.Rendered rendered =
        Helm.template(
            "--set",
            "watchNamespaces=all",
            "--set",
            "openmetadataServer.enabled=true",
            "--set",
            SERVER_SUBJECT);
    assertThat(rendered.find(Role.class, "openmetadata", RELEASE + "-openmetadata-server"))
        .isPresent();
    assertThat(rendered.all(ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly(RELEASE, RELEASE + "-resealer");

    assertRefused(
        List.of(
            "--set",
            "watchNamespaces=all",
            "--set",
            "openmetadataServer.enabled=true",
            "--set",
            SERVER_SUBJECT + ",openmetadataServer.subjects[0].namespaces={*}"),
        "\"*\" cannot be used with watchNamespaces \"all\"");
  }

  @Test
  void aSubjectIsGrantedOnlyWhereItSaysAndNeverBeyondTheWatchedNamespaces() {
    assertRefused(
        List.of(
            "--set",
            "readers.enabled=true",
            "--set",
            "readers.subjects[0].kind=User,readers.subjects[0].name=alice"),
        "readers.subjects: User \"alice\" has no namespace of its own");
    assertRefused(
        List.of(
            "--set",
            "openmetadataServer.enabled=true",
            "--set",
            "openmetadataServer.subjects[0].kind=ServiceAccount,openmetadataServer.subjects[0].name=om,"
                + "openmetadataServer.subjects[0].namespace=elsewhere"),
        "ServiceAccount \"om\" is granted in namespace \"elsewhere\", which watchNamespaces does not serve");
    assertRefused(
        List.of(
            "--set",
            "readers.enabled=true",
            "--set",
            READER_SUBJECT + ",readers.subjects[0].namespaces={openmetadata,other}"),
        "is granted in namespace \"other\"");
    assertRefused(
        List.of(
            "--set",
            "openmetadataServer.enabled=true",
            "--set",
            SERVER_SUBJECT,
            "--set",
            "openmetadataServer.namespaces={openmetadata}"),
        "openmetadataServer.namespaces is no longer read");
    assertRefused(
        List.of(
            "--set",
            "openmetadataServer.enabled=true",
            "--set",
            "openmetadataServer.bridge.configMaps=true",
            "--set",
            "openmetadataServer.subjects[0].kind=Group,openmetadataServer.subjects[0].name=om,"
                + "openmetadataServer.subjects[0].namespaces={openmetadata}"),
        "openmetadataServer.bridge.configMaps needs a ServiceAccount");
  }

  @Test
  void aServiceAccountSubjectWithoutNamespaceOrNoSubjectIsRefused() {
    assertRefused(
        List.of(
            "--set",
            "readers.enabled=true",
            "--set",
            "readers.subjects[0].kind=ServiceAccount,readers.subjects[0].name=airflow"),
        "namespace is required");

    assertRefused(
        List.of("--set", "readers.enabled=true"),
        "readers.subjects must list at least one subject");

    // a comma would split OM_SM_READER_SUBJECTS, a '#' would start its namespaces
    assertRefused(
        List.of(
            "--set",
            "readers.enabled=true",
            "--set",
            "readers.subjects[0].kind=User,readers.subjects[0].name=a\\,b"),
        "readers.subjects.0.name: Does not match pattern");
    assertRefused(
        List.of(
            "--set",
            "readers.enabled=true",
            "--set",
            "readers.subjects[0].kind=User,readers.subjects[0].name=a#b,readers.subjects[0].namespaces={openmetadata}"),
        "readers.subjects.0.name: Does not match pattern");

    assertRefused(
        List.of("--set", "openmetadataServer.enabled=true"),
        "openmetadataServer.subjects must list at least one subject");
  }

  @Test
  void networkPolicyOpensOnlyTheMetricsPortAndTheApiServerAndDns() {
    // The health port is in no ingress rule: no pod reaches it; the kubelet probes from the node,
    // which NetworkPolicy does not restrict.
    Helm.Rendered rendered =
        Helm.template(
            "--set",
            "networkPolicy.enabled=true",
            "--set",
            "networkPolicy.metricsFrom.namespaceSelector.matchLabels.team=monitoring");
    NetworkPolicy policy = rendered.get(NetworkPolicy.class, NAMESPACE, RELEASE);
    assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(policy.getSpec().getIngress())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getPorts())
                  .as("the metrics port only")
                  .singleElement()
                  .satisfies(p -> assertThat(p.getPort().getStrVal()).isEqualTo("http"));
              assertThat(rule.getFrom())
                  .singleElement()
                  .satisfies(
                      peer ->
                          assertThat(peer.getNamespaceSelector().getMatchLabels())
                              .containsExactly(entry("team", "monitoring")));
            });
    assertThat(policy.getSpec().getEgress())
        .flatExtracting(r -> r.getPorts())
        .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
        .containsExactlyInAnyOrder("TCP/443", "TCP/6443", "UDP/53", "TCP/53");
  }

  @Test
  void crdIsShippedInCrdsNotAsATemplate() throws IOException {
    assertThat(Helm.CHART.resolve("crds/openmetadatasecrets.secrets.open-metadata.org-v1.yml"))
        .exists();
    assertThat(Helm.template().ofKind("CustomResourceDefinition"))
        .as("a templated CRD would be deleted by helm uninstall, and every Secret with it")
        .isEmpty();
    try (var templates = Files.list(Helm.CHART.resolve("templates"))) {
      for (var template : templates.toList()) {
        assertThat(Files.readString(template))
            .as(template.toString())
            .doesNotContain("kind: CustomResourceDefinition");
      }
    }
  }

  @Test
  void notesTellTheUserHowToCheckTheInstall() throws IOException {
    String notes = Helm.notes("--set", "prefix=acme");
    assertThat(notes)
        .contains("kubectl get deploy,pods -n " + NAMESPACE)
        .contains("kubectl get oms -A")
        .contains("kubectl get secrets -l app.kubernetes.io/managed-by=om-secrets-operator -A")
        .contains("kubectl logs -n " + NAMESPACE + " deploy/" + RELEASE)
        .contains(
            "java -jar /app/om-secrets-operator.jar name --prefix acme database/my_service/password")
        .contains("kubectl apply --server-side --force-conflicts -f");
  }

  @Test
  void notesTellTheUserHowToSealAValueBackUpTheKeysAndLetReadersIn() throws IOException {
    String notes = Helm.notes();
    assertThat(notes)
        // The key from the ConfigMap through the API server, which authenticates it, never from
        // /v1/cert.pem.
        .contains(
            "printf '%s' \"$VALUE\" | java -jar om-secrets-operator.jar seal --operator-namespace "
                + NAMESPACE
                + " --namespace NS --name NAME --path PATH > oms.yaml")
        .contains(
            "kubectl get configmap om-secrets-operator-cert -n "
                + NAMESPACE
                + " -o jsonpath='{.data.cert\\.pem}' > cert.pem")
        .doesNotContain("curl")
        .contains("spec.value is refused")
        .contains("secrets.open-metadata.org/source=true")
        .contains("kubectl get secret om-secrets-operator-keys -n " + NAMESPACE)
        .contains("set readers.enabled=true and readers.subjects");

    String withReaders =
        Helm.notes(
            "--set",
            "readers.enabled=true",
            "--set",
            READER_SUBJECT,
            "--set",
            "policy.allowPlaintext=true");
    assertThat(withReaders)
        .contains(
            "each only in the namespaces\nafter its #: ServiceAccount:openmetadata/airflow#openmetadata")
        .contains("om-secrets-readers")
        .contains("spec.value is accepted too")
        .doesNotContain("set readers.enabled=true");
  }

  /** helm template with these arguments fails, saying each of {@code messages}. */
  private static void assertRefused(List<String> args, String... messages) {
    Helm.Result result = Helm.renderChart(RELEASE, args.toArray(String[]::new));
    assertThat(result.exitCode()).as("%s", args).isNotZero();
    assertThat(result.stderr()).as("%s", args).contains(messages);
  }
}
