// Azure Storage for the bot's tables (approvals, audit, outbox, inbox, subscriptions).
// Hardened defaults: HTTPS only, TLS 1.2 minimum, no anonymous blob access.

@description('Storage account name: 3-24 lower-case letters and digits, globally unique.')
@minLength(3)
@maxLength(24)
param name string

param location string = resourceGroup().location

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    // The bot authenticates with a connection string (STORAGE_CONNECTION_STRING), so shared-key
    // access stays on. The key never leaves Azure: the web app module reads it with listKeys().
    allowSharedKeyAccess: true
    defaultToOAuthAuthentication: false
    publicNetworkAccess: 'Enabled'
    accessTier: 'Hot'
    encryption: {
      keySource: 'Microsoft.Storage'
      services: {
        blob: { enabled: true }
        file: { enabled: true }
        table: { enabled: true }
        queue: { enabled: true }
      }
    }
  }
}

output name string = storage.name
output id string = storage.id
