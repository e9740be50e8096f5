{{/* Chart name, overridable. */}}
{{- define "om-secrets-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: the release name, plus the chart name unless the release name contains it. */}}
{{- define "om-secrets-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The operator image. No image is published for this chart, so there is no default repository to fall back on:
one that names a registry the project does not own would only end in ImagePullBackOff. */}}
{{- define "om-secrets-operator.image" -}}
{{- if not .Values.image.repository }}
{{- fail "image.repository is not set: this chart ships no image. Build it from the repository's Dockerfile (docker build, or hack/build-image.sh without Docker), push it to a registry your cluster pulls from, and install with --set image.repository=REGISTRY/om-secrets-operator (the chart README, \"Install\")" }}
{{- end }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{- define "om-secrets-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels every object carries. */}}
{{- define "om-secrets-operator.labels" -}}
helm.sh/chart: {{ include "om-secrets-operator.chart" . }}
{{ include "om-secrets-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ (.Values.image.tag | default .Chart.AppVersion) | trunc 63 | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: openmetadata
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels the Deployment, Service, PDB and NetworkPolicy select the pods by. */}}
{{- define "om-secrets-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "om-secrets-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "om-secrets-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "om-secrets-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* "true" when the operator watches every namespace, else "". */}}
{{- define "om-secrets-operator.watchAll" -}}
{{- if eq (toString .Values.watchNamespaces) "all" }}true{{ end }}
{{- end }}

{{/*
The watched namespaces, comma-joined: the release namespace when watchNamespaces is [], the list
otherwise. Not for watchNamespaces "all". Fails when they include the release namespace, which holds
the key ring, unless sealing.allowKeyRingInWatchedNamespace says so.
*/}}
{{- define "om-secrets-operator.namespaces" -}}
{{- $namespaces := .Values.watchNamespaces | default (list .Release.Namespace) }}
{{- if and (has .Release.Namespace $namespaces) (not .Values.sealing.allowKeyRingInWatchedNamespace) }}
{{- fail (printf "watchNamespaces serves the release namespace %q, which holds the key ring (Secret om-secrets-operator-keys, the private keys of every sealed value): install the operator in a namespace of its own (helm install -n om-secrets-operator --create-namespace) and list OpenMetadata's namespaces in watchNamespaces, or set sealing.allowKeyRingInWatchedNamespace=true" .Release.Namespace) }}
{{- end }}
{{- join "," $namespaces }}
{{- end }}

{{/* OM_SM_NAMESPACE: "all" or the comma-joined namespaces. */}}
{{- define "om-secrets-operator.namespaceSetting" -}}
{{- if include "om-secrets-operator.watchAll" . }}all{{ else }}{{ include "om-secrets-operator.namespaces" . }}{{ end }}
{{- end }}

{{/*
The namespaces one subject is granted in, "|"-joined: its own `namespaces` when given ("*": every watched
namespace), else a ServiceAccount's own namespace. A User or Group has no namespace of its own, so it must list
them. Spanning namespaces is always written down, never a default. Fails for a namespace the operator does not
serve. Call with (list $ subject "readers").
*/}}
{{- define "om-secrets-operator.subjectNamespaces" -}}
{{- $root := index . 0 }}
{{- $subject := index . 1 }}
{{- $key := index . 2 }}
{{- $namespaces := $subject.namespaces }}
{{- if not $namespaces }}
{{- if ne $subject.kind "ServiceAccount" }}
{{- fail (printf "%s.subjects: %s %q has no namespace of its own: list where it is granted in its namespaces (\"*\" for every watched namespace)" $key $subject.kind $subject.name) }}
{{- end }}
{{- $namespaces = list (required "a ServiceAccount subject needs a namespace" $subject.namespace) }}
{{- end }}
{{- if not (include "om-secrets-operator.watchAll" $root) }}
{{- $watched := splitList "," (include "om-secrets-operator.namespaces" $root) }}
{{- range $namespaces }}
{{- if and (ne . "*") (not (has . $watched)) }}
{{- fail (printf "%s.subjects: %s %q is granted in namespace %q, which watchNamespaces does not serve: add it there, or list the subject's namespaces" $key $subject.kind $subject.name .) }}
{{- end }}
{{- end }}
{{- end }}
{{- join "|" $namespaces }}
{{- end }}

{{/*
As subjectNamespaces, with "*" replaced by the watched namespaces: for Roles the chart renders itself (the
operator resolves "*" for the reader Role). Fails for "*" with watchNamespaces "all", which has no list.
*/}}
{{- define "om-secrets-operator.subjectRoleNamespaces" -}}
{{- $root := index . 0 }}
{{- $namespaces := splitList "|" (include "om-secrets-operator.subjectNamespaces" .) }}
{{- if has "*" $namespaces }}
{{- if include "om-secrets-operator.watchAll" $root }}
{{- fail (printf "%s.subjects: \"*\" cannot be used with watchNamespaces \"all\": list the namespaces (this chart grants these Roles per namespace, never cluster-wide)" (index . 2)) }}
{{- end }}
{{- $namespaces = splitList "," (include "om-secrets-operator.namespaces" $root) }}
{{- end }}
{{- join "," $namespaces }}
{{- end }}

{{/*
The OpenMetadata server's Role namespaces, comma-joined and sorted: every namespace one of its subjects is granted in.
*/}}
{{- define "om-secrets-operator.serverNamespaces" -}}
{{- $all := list }}
{{- range .Values.openmetadataServer.subjects }}
{{- $all = concat $all (splitList "," (include "om-secrets-operator.subjectRoleNamespaces" (list $ . "openmetadataServer"))) }}
{{- end }}
{{- join "," (uniq $all | sortAlpha) }}
{{- end }}

{{/* "true" when leader election is on: asked for, or needed because there is more than one pod. */}}
{{- define "om-secrets-operator.leaderElection" -}}
{{- if or .Values.leaderElection.enabled (gt (int .Values.replicas) 1) }}true{{ else }}false{{ end }}
{{- end }}

{{/* SECRET_MANAGER_TAGS: [k1:v1,k2:v2], keys sorted (range over a map is in key order). */}}
{{- define "om-secrets-operator.tags" -}}
{{- $entries := list }}
{{- range $k, $v := .Values.tags }}
{{- $entries = append $entries (printf "%s:%v" $k $v) }}
{{- end }}
{{- printf "[%s]" (join "," $entries) }}
{{- end }}

{{/*
"true" when the operator keeps the reader Role: readers asked for, or the OpenMetadata server's
bridge, which reads back every Secret it writes (OpenMetadata reads before each write), else "".
*/}}
{{- define "om-secrets-operator.readersOn" -}}
{{- if or .Values.readers.enabled .Values.openmetadataServer.enabled }}true{{ end }}
{{- end }}

{{/*
OM_SM_READER_SUBJECTS: readers.subjects, then openmetadataServer.subjects, as
ServiceAccount:<namespace>/<name>#<ns>|<ns>, User:<name>#<ns> or Group:<name>#<ns> (where each may read; "*"
every served namespace), comma-joined; "" when neither is on. Fails when readers are on without a subject.
*/}}
{{- define "om-secrets-operator.readerSubjects" -}}
{{- $groups := list }}
{{- if .Values.readers.enabled }}
{{- if not .Values.readers.subjects }}
{{- fail "readers.subjects must list at least one subject when readers.enabled is true" }}
{{- end }}
{{- $groups = append $groups (list "readers" .Values.readers.subjects) }}
{{- end }}
{{- if .Values.openmetadataServer.enabled }}
{{- $groups = append $groups (list "openmetadataServer" .Values.openmetadataServer.subjects) }}
{{- end }}
{{- $entries := list }}
{{- range $groups }}
{{- $key := index . 0 }}
{{- range index . 1 }}
{{- $where := include "om-secrets-operator.subjectNamespaces" (list $ . $key) }}
{{- if eq .kind "ServiceAccount" }}
{{- $entries = append $entries (printf "ServiceAccount:%s/%s#%s" .namespace .name $where) }}
{{- else }}
{{- $entries = append $entries (printf "%s:%s#%s" .kind .name $where) }}
{{- end }}
{{- end }}
{{- end }}
{{- join "," (uniq $entries) }}
{{- end }}

{{/*
The settings the operator and the bridge share, as a list of environment variables: how Secrets
are named, which namespaces are served, where the sealing key is published, and the policy. The
operator's Deployment and the bridge's ConfigMap both render them from here, so the bridge refuses
exactly what the operator would.
*/}}
{{- define "om-secrets-operator.sharedSettings" -}}
- name: SECRET_MANAGER_PREFIX
  value: {{ .Values.prefix | quote }}
- name: SECRET_MANAGER_TAGS
  value: {{ include "om-secrets-operator.tags" . | quote }}
- name: CLUSTER_NAME
  value: {{ .Values.clusterName | quote }}
- name: OM_SM_NAMESPACE
  value: {{ include "om-secrets-operator.namespaceSetting" . | quote }}
# The Lease, the key ring Secret and the published sealing key live here.
- name: OM_SM_OPERATOR_NAMESPACE
  value: {{ .Release.Namespace | quote }}
- name: OM_SM_IN_CLUSTER
  value: "true"
- name: OM_SM_PREFIX_STYLE
  value: {{ .Values.prefixStyle | quote }}
- name: OM_SM_ALLOW_PLAINTEXT
  value: {{ .Values.policy.allowPlaintext | toString | quote }}
- name: OM_SM_ALLOWED_PATHS
  value: {{ join "," .Values.policy.allowedPaths | quote }}
# int64: a number from values.yaml is a float, which would print as 1e+06.
- name: OM_SM_MAX_VALUE_BYTES
  value: {{ .Values.policy.maxValueBytes | int64 | quote }}
- name: OM_SM_LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
{{- end }}

{{/* RBAC subjects from a list of {kind, name, namespace}. */}}
{{- define "om-secrets-operator.subjects" -}}
{{- range . }}
- kind: {{ .kind }}
  name: {{ .name | quote }}
  {{- if eq .kind "ServiceAccount" }}
  namespace: {{ required "a ServiceAccount subject needs a namespace" .namespace }}
  {{- else }}
  apiGroup: rbac.authorization.k8s.io
  {{- end }}
{{- end }}
{{- end }}

{{/*
The operator's rules: exactly the verbs its code uses. Shared by the per-namespace Roles and the
ClusterRole. Leases and the key ring are not here: they are granted in the release namespace only
(leader-election-rbac.yaml, keys-rbac.yaml).
*/}}
{{- define "om-secrets-operator.operatorRules" -}}
- apiGroups: ["secrets.open-metadata.org"]
  resources: ["openmetadatasecrets"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["secrets.open-metadata.org"]
  resources: ["openmetadatasecrets/status"]
  verbs: ["get", "patch"]
# Setting blockOwnerDeletion on a Secret's ownerReference needs update on the owner's finalizers.
- apiGroups: ["secrets.open-metadata.org"]
  resources: ["openmetadatasecrets/finalizers"]
  verbs: ["update"]
# ResealRequests: answered in their status, deleted some minutes later (docs/sealing.md).
- apiGroups: ["secrets.open-metadata.org"]
  resources: ["resealrequests"]
  verbs: ["get", "list", "watch", "delete"]
- apiGroups: ["secrets.open-metadata.org"]
  resources: ["resealrequests/status"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "update", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
# The reader Role and RoleBinding om-secrets-readers, which the operator keeps in each namespace
# with readers (readers.enabled, or the OpenMetadata server's bridge), and removes (only if it wrote
# them) when readers are off. Everything but create is restricted to that name (RBAC cannot restrict
# create by name). The operator needs neither escalate nor bind: the Role grants get on Secrets,
# which it holds itself here.
{{- if include "om-secrets-operator.readersOn" . }}
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["roles", "rolebindings"]
  verbs: ["create"]
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["roles", "rolebindings"]
  resourceNames: ["om-secrets-readers"]
  verbs: ["get", "update", "delete"]
{{- else }}
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["roles", "rolebindings"]
  resourceNames: ["om-secrets-readers"]
  verbs: ["get", "delete"]
{{- end }}
{{- end }}

{{/*
The longest spec.encryptedValue that can seal a value of policy.maxValueBytes: the seal command's
format v3 sealed to its most keys (16), the longest, "oms:v3:" and 16 key ids (279 characters), 16
wrapped keys and the IV (1,761), the value and its 16-byte GCM tag in base64 (4 characters per
started 3 bytes), and 604 for whitespace around it. The same as
OpenMetadataSecretSpec.maxEncryptedLength (ChartRenderTest), whose result for the largest policy
value, 1,336,000, is the CRD's maxLength.
*/}}
{{- define "om-secrets-operator.maxSealedLength" -}}
{{- add 2040 604 (mul 4 (div (add (.Values.policy.maxValueBytes | int64) 16 2) 3)) }}
{{- end }}
