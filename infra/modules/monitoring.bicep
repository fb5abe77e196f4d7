// Application Insights (workspace-based) for the bot's OpenTelemetry traces and metrics (issue 13).
// The web app module reads the connection string from the component itself; nothing secret is an output.

@description('Application Insights component name.')
param name string

@description('Log Analytics workspace name (Application Insights stores its data there).')
param logAnalyticsName string

param location string = resourceGroup().location

@description('Days the Log Analytics workspace keeps data.')
@minValue(30)
param retentionInDays int = 30

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: name
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    IngestionMode: 'LogAnalytics'
  }
}

output name string = appInsights.name
