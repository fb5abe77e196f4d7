// The JobOps quota reader: the region's Azure ML vCPU quota (usages) and VM sizes with list prices, nothing else.
//
// Why a second role: these two reads live at subscription scope
// (/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{loc}/usages and …/vmSizes), which an
// assignment on a workspace does not reach. Assigning the JobOps operator role there would grant cancel and rerun in
// every workspace of the subscription; this role grants only these two metadata reads. Without it JobOps still works:
// the queued explanation falls back to the cluster's own allocation errors and cost shows no price.
targetScope = 'subscription'

@description('Deployment base name (makes the role name and GUID unique per deployment).')
param resourceBaseName string

@description('Principal (object) id of the bot\'s user-assigned managed identity.')
param principalId string

var quotaActions = [
  'Microsoft.MachineLearningServices/locations/usages/read'
  'Microsoft.MachineLearningServices/locations/vmsizes/read'
]

resource quotaReader 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, 'jobops-quota-reader', resourceBaseName)
  properties: {
    roleName: 'JobOps Azure ML quota reader (${resourceBaseName})'
    description: 'JobOps Teams bot: read Azure ML vCPU usage/quota and VM sizes (with list prices) of the subscription\'s regions. Nothing else.'
    type: 'CustomRole'
    permissions: [
      {
        actions: quotaActions
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: [
      subscription().id
    ]
  }
}

// At subscription scope (this file's target scope), because that is where the two reads are authorized.
resource quotaAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, principalId, quotaReader.id)
  properties: {
    roleDefinitionId: quotaReader.id
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'JobOps bot: Azure ML quota and VM size reads only.'
  }
}

output roleDefinitionId string = quotaReader.id
