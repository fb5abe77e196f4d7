// JobOps in Azure: everything the Teams bot needs, deployed into one resource group, plus
// least-privilege access and Event Grid wiring in each Azure ML workspace's own resource group.
//
//   resource group (this deployment)        each workspace's resource group
//   ├─ user-assigned managed identity ──┐     ├─ role assignment (JobOps role, scope = the workspace)
//   ├─ storage account (tables)         │     └─ Event Grid system topic + 2 subscriptions → /api/events
//   ├─ App Service plan + web app ◄─────┘
//   └─ Azure Bot (UserAssignedMSI, single tenant) + Teams channel
//   subscription of the first workspace: the JobOps custom role definition (security.md R6)
//   each workspace's subscription: the JobOps quota reader role (usages + VM sizes), assigned there
//
// Used by teamsapp.yml (arm/deploy, parameters from azure.parameters.json) and by plain
// `az deployment group create` (docs/deploy.md). Outputs are written by the Agents Toolkit into
// env/.env.<env>; none of them is a secret.

@minLength(4)
@maxLength(20)
@description('Base for resource names, e.g. jobops + a short random suffix.')
param resourceBaseName string

param location string = resourceGroup().location

@maxLength(42)
param botDisplayName string = 'JobOps'

@description('App Service plan SKU (B1 or higher for Always On).')
param webAppSku string = 'B1'

@allowed(['F0', 'S1'])
param botSku string = 'F0'

@description('Azure ML workspaces as objects: [{ "subscriptionId": "…", "resourceGroup": "…", "workspace": "…", "systemTopicName": "optional existing Event Grid system topic" }]. Keep in step with the JOBOPS_CONFIG file.')
param workspaces array = []

@description('Alternative to `workspaces` for env files, which hold strings: comma-separated workspace ARM ids (/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.MachineLearningServices/workspaces/<name>). Both lists are combined.')
param workspaceIds string = ''

@description('JOBOPS_CONFIG inside the deployed package (relative to the app root).')
param jobopsConfigPath string = 'env/jobops.dev.json'

@allowed(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
param logLevel string = 'info'

@secure()
@minLength(16)
@description('EVENTGRID_SECRET: the key Event Grid puts in the webhook URL; at least 16 random characters (e.g. openssl rand -hex 32).')
param eventGridSecret string

@secure()
@description('EVENTGRID_SECRET_PREVIOUS: the old key during a rotation, else empty.')
param eventGridSecretPrevious string = ''

@secure()
@minLength(32)
@description('HANDLE_SIGNING_KEY: seals read-only card buttons (Show, Summary, Refresh, More); the same on every instance; at least 32 random characters (e.g. openssl rand -base64 48).')
param handleSigningKey string

@secure()
@description('HANDLE_SIGNING_KEY_PREVIOUS: the old key during a rotation (keep it HANDLE_TTL_MAX, 7 days), else empty.')
param handleSigningKeyPrevious string = ''

@allowed(['on', 'off'])
@description('Create the Event Grid subscriptions. Event Grid validates the endpoint when a subscription is created, so the bot must already be running with EVENTGRID_SECRET: provision with off, deploy the code, then provision again with on.')
param eventGridSubscriptions string = 'off'

@description('Subscription that holds the custom role definition; empty = the first workspace\'s subscription.')
param roleDefinitionSubscriptionId string = ''

@description('GUID of a JobOps role already created (e.g. by an administrator with infra/role.bicep). Empty = create it here, which needs Microsoft.Authorization/roleDefinitions/write on every workspace resource group.')
param existingRoleDefinitionGuid string = ''

// ---- workspaces: one list from both parameters ------------------------------------------------

var idList = filter(map(split(workspaceIds, ','), id => trim(id)), id => !empty(id))
// An ARM id splits as ['', 'subscriptions', sub, 'resourceGroups', rg, 'providers', ns, 'workspaces', name].
var workspacesFromIds = map(idList, id => {
  subscriptionId: split(id, '/')[2]
  resourceGroup: split(id, '/')[4]
  workspace: split(id, '/')[8]
  systemTopicName: ''
})
var allWorkspaces = concat(workspaces, workspacesFromIds)
var hasWorkspaces = !empty(allWorkspaces)

// ---- names ---------------------------------------------------------------------------------------

var suffix = uniqueString(resourceGroup().id, resourceBaseName)
var identityName = '${resourceBaseName}-id'
var webAppName = resourceBaseName
var botName = resourceBaseName
var appInsightsName = '${resourceBaseName}-appi'
var logAnalyticsName = '${resourceBaseName}-logs'
var storageName = take('st${toLower(replace(resourceBaseName, '-', ''))}${suffix}', 24)

// One role per deployment base name, deterministic so re-runs update it and role.bicep computes the
// same GUID for the split-duty path.
var roleGuid = empty(existingRoleDefinitionGuid) ? guid(tenant().tenantId, 'jobops-azureml-operator', resourceBaseName) : existingRoleDefinitionGuid
var roleSubscriptionId = !empty(roleDefinitionSubscriptionId) ? roleDefinitionSubscriptionId : (hasWorkspaces ? allWorkspaces[0].subscriptionId : subscription().subscriptionId)
// Resource groups of the workspaces; union() drops duplicates when several share one.
var assignableScopes = union(map(allWorkspaces, ws => '/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}'), [])

// ---- resources -----------------------------------------------------------------------------------

// The bot's only identity: Bot Framework app id, Azure ML caller (DefaultAzureCredential), nothing else.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
}

// Traces and metrics (OpenTelemetry → Azure Monitor): docs/deploy.md "Telemetry".
module monitoring 'modules/monitoring.bicep' = {
  name: 'jobops-monitoring'
  params: {
    name: appInsightsName
    logAnalyticsName: logAnalyticsName
    location: location
  }
}

module storage 'modules/storage.bicep' = {
  name: 'jobops-storage'
  params: {
    name: storageName
    location: location
  }
}

module web 'modules/webapp.bicep' = {
  name: 'jobops-webapp'
  params: {
    name: webAppName
    location: location
    sku: webAppSku
    identityId: identity.id
    identityClientId: identity.properties.clientId
    tenantId: identity.properties.tenantId
    storageAccountName: storage.outputs.name
    jobopsConfigPath: jobopsConfigPath
    armEndpoint: 'https://management.azure.com'
    logLevel: logLevel
    eventGridSecret: eventGridSecret
    eventGridSecretPrevious: eventGridSecretPrevious
    handleSigningKey: handleSigningKey
    handleSigningKeyPrevious: handleSigningKeyPrevious
    appInsightsName: monitoring.outputs.name
  }
}

module bot 'modules/bot.bicep' = {
  name: 'jobops-bot'
  params: {
    name: botName
    displayName: botDisplayName
    endpoint: 'https://${web.outputs.hostName}/api/messages'
    identityId: identity.id
    identityClientId: identity.properties.clientId
    tenantId: identity.properties.tenantId
    sku: botSku
  }
}

// Custom role (subscription scope). Skipped when an administrator created it beforehand.
module role 'modules/jobops-role.bicep' = if (hasWorkspaces && empty(existingRoleDefinitionGuid)) {
  name: 'jobops-role'
  scope: subscription(roleSubscriptionId)
  params: {
    roleDefinitionGuid: roleGuid
    roleName: 'JobOps Azure ML operator (${resourceBaseName})'
    assignableScopes: assignableScopes
  }
}

// One assignment per workspace, made on the workspace itself (scope: workspace inside the module).
module access 'modules/workspace-access.bicep' = [for (ws, i) in allWorkspaces: {
  name: 'jobops-access-${i}'
  scope: resourceGroup(ws.subscriptionId, ws.resourceGroup)
  dependsOn: [
    role
  ]
  params: {
    workspaceName: ws.workspace
    principalId: identity.properties.principalId
    roleDefinitionGuid: roleGuid
  }
}]

// Quota and VM size reads are authorized at subscription scope: a second, two-action role there (see the module).
module quota 'modules/jobops-quota-reader.bicep' = [for sub in union(map(allWorkspaces, ws => ws.subscriptionId), []): {
  name: 'jobops-quota-${uniqueString(sub)}'
  scope: subscription(sub)
  params: {
    resourceBaseName: resourceBaseName
    principalId: identity.properties.principalId
  }
}]

// Event Grid system topic + subscriptions, in each workspace's resource group.
module events 'modules/workspace-events.bicep' = [for (ws, i) in allWorkspaces: if (eventGridSubscriptions == 'on') {
  name: 'jobops-events-${i}'
  scope: resourceGroup(ws.subscriptionId, ws.resourceGroup)
  params: {
    workspaceName: ws.workspace
    appHostName: web.outputs.hostName
    eventGridSecret: eventGridSecret
    existingSystemTopicName: contains(ws, 'systemTopicName') ? ws.systemTopicName : ''
  }
}]

// ---- outputs (no secrets) ---------------------------------------------------------------------
// Names follow the Agents Toolkit bot templates: zipDeploy reads BOT_AZURE_APP_SERVICE_RESOURCE_ID,
// appPackage/manifest.json reads BOT_ID.

output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = web.outputs.id
output BOT_APP_NAME string = web.outputs.name
output BOT_DOMAIN string = web.outputs.hostName
output BOT_ENDPOINT string = 'https://${web.outputs.hostName}/api/messages'
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output BOT_IDENTITY_PRINCIPAL_ID string = identity.properties.principalId
output JOBOPS_ROLE_DEFINITION_GUID string = roleGuid
output EVENTS_ENDPOINT_BASE string = 'https://${web.outputs.hostName}/api/events'
