// Assigns the JobOps role to the bot's managed identity ON ONE WORKSPACE.
// Deployed into the workspace's own resource group (azure.bicep sets
// scope: resourceGroup(ws.subscriptionId, ws.resourceGroup)), so the `existing` reference below
// resolves to the real workspace and the assignment's scope is that workspace: the identity gets
// nothing on the resource group, the subscription, or any other workspace.

@description('Name of the Azure ML workspace in this resource group.')
param workspaceName string

@description('Principal (object) id of the bot\'s user-assigned managed identity.')
param principalId string

@description('GUID of the JobOps custom role definition.')
param roleDefinitionGuid string

resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-04-01' existing = {
  name: workspaceName
}

resource jobOpsAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  // Deterministic: re-running the deployment updates the same assignment instead of failing with
  // RoleAssignmentExists or piling up duplicates.
  name: guid(workspace.id, principalId, roleDefinitionGuid)
  scope: workspace
  properties: {
    // Custom roles are addressed through the subscription that holds the assignment.
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionGuid)
    principalId: principalId
    // A brand-new managed identity may not have replicated yet; naming the type avoids the lookup.
    principalType: 'ServicePrincipal'
    description: 'JobOps bot: least-privilege Azure ML access (security.md R6), this workspace only.'
  }
}

output assignmentId string = jobOpsAssignment.id
output workspaceId string = workspace.id
