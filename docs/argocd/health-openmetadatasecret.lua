-- Argo CD health check for secrets.open-metadata.org/OpenMetadataSecret (om-secrets-operator).
-- Source of truth; docs/argocd/argocd-cm-patch.yaml inlines this text and a test keeps the two equal.
-- It runs in Argo CD's default Lua sandbox (base, table and os libraries, no string library) and
-- reads only what the operator writes: status.observedGeneration and the Ready, Reconciling and
-- Stalled conditions. Every field may be missing.

local function findCondition(conditions, conditionType)
  if type(conditions) ~= "table" then
    return nil
  end
  for _, condition in ipairs(conditions) do
    if type(condition) == "table" and condition.type == conditionType then
      return condition
    end
  end
  return nil
end

local function isTrue(condition)
  return condition ~= nil and condition.status == "True"
end

local function text(value)
  if value == nil then
    return ""
  end
  return tostring(value)
end

-- "<reason>: <message>", or whichever of the two is present.
local function describe(condition)
  local reason = text(condition.reason)
  local message = text(condition.message)
  if reason == "" then
    return message
  end
  if message == "" then
    return reason
  end
  return reason .. ": " .. message
end

hs = {}

local status = obj.status
local conditions = nil
if type(status) == "table" then
  conditions = status.conditions
end
local ready = findCondition(conditions, "Ready")
if ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator"
  return hs
end

-- A status written for an older spec says nothing about the current one.
local generation = nil
if type(obj.metadata) == "table" then
  generation = obj.metadata.generation
end
local observed = status.observedGeneration
if type(generation) == "number" and (type(observed) ~= "number" or observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end

if isTrue(ready) then
  hs.status = "Healthy"
  hs.message = text(ready.message)
  return hs
end

-- Reconciling: a failure the operator retries by itself (ApiError).
local reconciling = findCondition(conditions, "Reconciling")
if isTrue(reconciling) then
  hs.status = "Progressing"
  hs.message = text(reconciling.message)
  if hs.message == "" then
    hs.message = text(reconciling.reason)
  end
  return hs
end

-- Stalled: a failure that waits for a person or another object to change.
local stalled = findCondition(conditions, "Stalled")
if isTrue(stalled) then
  hs.status = "Degraded"
  hs.message = describe(stalled)
  return hs
end

if ready.status == "False" then
  hs.status = "Degraded"
  hs.message = describe(ready)
  return hs
end

-- Ready is neither True nor False (the operator does not write that): wait.
hs.status = "Progressing"
hs.message = "Waiting for the operator (Ready is " .. text(ready.status) .. ")"
return hs
