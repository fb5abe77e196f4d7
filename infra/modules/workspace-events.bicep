// Event Grid from one Azure ML workspace to the bot's /api/events intake.
// Deployed into the workspace's resource group (a system topic lives next to its source).
//
// Two event subscriptions instead of one, because advanced filters apply to every event type of a
// subscription: RunStatusChanged is filtered to the terminal statuses, RunCompleted is taken as is
// (its data is not guaranteed to carry runStatus, and a filter on a missing key drops the event).
// A job that completes may arrive through both; the bot dedupes on job id + terminal status (R4.5).

@description('Name of the Azure ML workspace in this resource group.')
param workspaceName string

@description('Host name of the bot\'s web app, e.g. jobops-abc.azurewebsites.net.')
param appHostName string

@secure()
@description('The webhook secret the bot checks on every delivery (R4.1). Only ever part of the endpoint URL, never an output.')
param eventGridSecret string

@description('Name of an existing system topic for this workspace. Azure allows one system topic per source: if the workspace already has one (e.g. created in the portal), name it here and it is reused.')
param existingSystemTopicName string = ''

resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-04-01' existing = {
  name: workspaceName
}

var createTopic = empty(existingSystemTopicName)
var systemTopicName = createTopic ? take('${workspaceName}-jobops-events', 128) : existingSystemTopicName

resource systemTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = if (createTopic) {
  name: systemTopicName
  location: workspace.location
  properties: {
    source: workspace.id
    topicType: 'Microsoft.MachineLearningServices.Workspaces'
  }
}

// The secret travels in the query string (the bot compares it in constant time). uriComponent keeps
// a secret with '&', '#' or '+' intact; the bot decodes the query before comparing.
var endpointUrl = 'https://${appHostName}/api/events?key=${uriComponent(eventGridSecret)}'

var delivery = {
  endpointType: 'WebHook'
  properties: {
    endpointUrl: endpointUrl
    maxEventsPerBatch: 10
    preferredBatchSizeInKilobytes: 64
  }
}

// Event Grid's own schedule (up to 24 h) matches the bot's at-least-once, dedupe-by-id design.
var retry = {
  maxDeliveryAttempts: 30
  eventTimeToLiveInMinutes: 1440
}

resource runStatusChanged 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  name: '${systemTopicName}/jobops-run-status'
  dependsOn: [
    systemTopic
  ]
  properties: {
    destination: delivery
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.MachineLearningServices.RunStatusChanged'
      ]
      // Lower case, as the events send it ("failed"; ARM says "Failed"). Event Grid string
      // filters are case-insensitive anyway, and the bot compares case-insensitively (R4.2).
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.runStatus'
          values: [
            'failed'
            'completed'
            'canceled'
          ]
        }
      ]
    }
    retryPolicy: retry
  }
}

resource runCompleted 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  name: '${systemTopicName}/jobops-run-completed'
  dependsOn: [
    systemTopic
  ]
  properties: {
    destination: delivery
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.MachineLearningServices.RunCompleted'
      ]
    }
    retryPolicy: retry
  }
}

output systemTopicName string = systemTopicName
