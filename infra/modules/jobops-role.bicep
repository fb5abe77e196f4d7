// The JobOps custom role: the Azure ML actions in security.md R6 and run-history read (see below), nothing else.
//
// Why a custom role: the built-in candidates are far too broad. Contributor can change or delete
// anything in scope; "AzureML Data Scientist" includes workspace secret listing
// (workspaces/listKeys/action, datastore secrets) and computes. The bot only lists, reads and cancels
// jobs and registers model versions for approved promotions.
//
// Deployed at subscription scope because role definitions are subscription-level (tenant-visible)
// objects. The access itself comes from the assignments (modules/workspace-access.bicep), which
// are made on each workspace, never on a subscription or resource group.
targetScope = 'subscription'

@description('Deterministic GUID of the role definition (the same value from azure.bicep and role.bicep).')
param roleDefinitionGuid string

@description('Tenant-unique display name of the role.')
param roleName string

@description('Where the role may be assigned. Resource groups holding the workspaces: Azure recommends management group, subscription or resource group here (resource-level assignable scopes are possible but not recommended); the assignment scope, which is the workspace itself, is what limits access.')
param assignableScopes array

// R6, plus run history. No wildcards: a '*' would silently grow with every new Azure ML operation.
// test/integration/rbac-role.test.ts drives every feature against the emulator enforcing exactly this list.
var jobOpsActions = [
  'Microsoft.MachineLearningServices/workspaces/read'
  'Microsoft.MachineLearningServices/workspaces/jobs/read'
  'Microsoft.MachineLearningServices/workspaces/jobs/cancel/action'
  // Rerun (issue 12): jobs.createOrUpdate of a failed job's definition under a new name.
  'Microsoft.MachineLearningServices/workspaces/jobs/write'
  // Why a job is queued and what it costs: the cluster's size, scale settings and node counts (computeOperations.get).
  // Read only: never computes/write, listKeys or listNodes' secrets.
  'Microsoft.MachineLearningServices/workspaces/computes/read'
  // Not in security.md R6's list: run history (the data plane behind `show` of a failed job or a pipeline, `summary`
  // and the triage in failure notices: run, run details with the log URLs, child runs) is authorized by Azure ML
  // against this action, as far as Azure ML's documentation tells ("get a run and related data and metadata, list
  // artifacts for a run"). Without it those reads are refused and notices go out without triage.
  'Microsoft.MachineLearningServices/workspaces/experiments/runs/read'
  'Microsoft.MachineLearningServices/workspaces/models/read'
  'Microsoft.MachineLearningServices/workspaces/models/versions/read'
  'Microsoft.MachineLearningServices/workspaces/models/versions/write'
]

resource jobOpsRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: roleDefinitionGuid
  properties: {
    roleName: roleName
    description: 'JobOps Teams bot: read workspaces, jobs, computes and run history, cancel and rerun jobs, register model versions (security.md R6). No secrets, no compute changes, no deletes.'
    type: 'CustomRole'
    permissions: [
      {
        actions: jobOpsActions
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: assignableScopes
  }
}

output roleDefinitionGuid string = jobOpsRole.name
output roleDefinitionId string = jobOpsRole.id
