// Split-duty path: an administrator who may create custom roles runs this once
//   az deployment sub create --location <region> --template-file infra/role.bicep \
//     --parameters resourceBaseName=<same as azure.bicep> workspaceResourceGroups='["/subscriptions/…/resourceGroups/…"]'
// and hands the output GUID to whoever runs azure.bicep (existingRoleDefinitionGuid). The role is
// the same module azure.bicep uses, with the same deterministic GUID, so both paths converge.
targetScope = 'subscription'

@minLength(4)
@maxLength(20)
param resourceBaseName string

@description('Resource group ids that hold the Azure ML workspaces (the role\'s assignable scopes).')
param workspaceResourceGroups array

module role 'modules/jobops-role.bicep' = {
  name: 'jobops-role'
  params: {
    roleDefinitionGuid: guid(tenant().tenantId, 'jobops-azureml-operator', resourceBaseName)
    roleName: 'JobOps Azure ML operator (${resourceBaseName})'
    assignableScopes: workspaceResourceGroups
  }
}

output roleDefinitionGuid string = role.outputs.roleDefinitionGuid
output roleDefinitionId string = role.outputs.roleDefinitionId
