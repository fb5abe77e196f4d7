// Linux App Service plan + Web App running the bot (Node 20) under the user-assigned managed identity.
// Every setting the bot reads (README "Configuration") is set here, so nothing depends on env files
// being shipped in the package.

param name string
param location string = resourceGroup().location

@description('App Service plan SKU. B1 or higher: the poller and outbox need Always On, which the free tier lacks.')
param sku string = 'B1'

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of that identity: the bot\'s app id (BOT_ID) and DefaultAzureCredential\'s AZURE_CLIENT_ID.')
param identityClientId string

@description('Entra tenant of the identity (BOT_TENANT_ID).')
param tenantId string

@description('Name of the storage account in this resource group.')
param storageAccountName string

@description('Path of the JOBOPS_CONFIG JSON inside the deployed package.')
param jobopsConfigPath string

param armEndpoint string = 'https://management.azure.com'

@allowed(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
param logLevel string = 'info'

@secure()
param eventGridSecret string

@secure()
param eventGridSecretPrevious string = ''

@secure()
param handleSigningKey string

@description('Application Insights component whose connection string the bot exports OpenTelemetry to.')
param appInsightsName string

@secure()
param handleSigningKeyPrevious string = ''

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

// Built inside Azure and written only into the app settings: never a parameter, never an output.
var storageConnectionString = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'

// App Service for Linux routes to the port it passes in PORT (8080 for Node); pin both so they agree.
var port = '8080'

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${name}-plan'
  location: location
  kind: 'linux'
  sku: {
    name: sku
  }
  properties: {
    reserved: true // Linux
  }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: name
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      // Production runs the compiled bot directly: `npm start` would run the prestart build check
      // and start the local Agents Playground, neither of which belongs on a server.
      appCommandLine: 'node dist/src/index.js'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      healthCheckPath: '/healthz'
      appSettings: [
        // R1.1: with NODE_ENV=production the bot refuses to start without BOT_ID and a credential.
        { name: 'NODE_ENV', value: 'production' }
        // No env/.env.* file is shipped or read in Azure; this name matches none.
        { name: 'JOBOPS_ENV', value: 'appservice' }
        { name: 'PORT', value: port }
        { name: 'WEBSITES_PORT', value: port }
        { name: 'HOST', value: '0.0.0.0' }
        { name: 'BOT_ID', value: identityClientId }
        { name: 'BOT_TYPE', value: 'UserAssignedMsi' }
        { name: 'BOT_TENANT_ID', value: tenantId }
        // No BOT_PASSWORD: the managed identity is the bot's credential.
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        { name: 'JOBOPS_CONFIG', value: jobopsConfigPath }
        { name: 'AZUREML_EMULATOR', value: 'off' }
        { name: 'ARM_ENDPOINT', value: armEndpoint }
        { name: 'STORAGE_CONNECTION_STRING', value: storageConnectionString }
        { name: 'LOG_LEVEL', value: logLevel }
        { name: 'EVENTGRID_SECRET', value: eventGridSecret }
        { name: 'EVENTGRID_SECRET_PREVIOUS', value: eventGridSecretPrevious }
        { name: 'HANDLE_SIGNING_KEY', value: handleSigningKey }
        { name: 'HANDLE_SIGNING_KEY_PREVIOUS', value: handleSigningKeyPrevious }
        // Set: the bot sends traces and metrics to Azure Monitor (src/shared/telemetry.ts).
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
        { name: 'PLAYGROUND', value: 'off' }
        // The package is built before zip deploy (dist/ and production node_modules): no Oryx build,
        // and the app runs read-only from the package.
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
      ]
    }
  }
}

output id string = site.id
output name string = site.name
output hostName string = site.properties.defaultHostName
