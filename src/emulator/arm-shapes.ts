/** Small ARM payloads: the error envelope, the workspace resource and model versions. */
import { EMULATOR_LOCATION, EmulatedWorkspace, workspaceArmId } from './scenario-constants';
import { dotnetIso } from './time-format';

export interface ArmError {
  error: { code: string; message: string; details: unknown[]; additionalInfo: unknown[] };
}

export function armError(code: string, message: string): ArmError {
  return {
    error: {
      code,
      message,
      details: [],
      additionalInfo: [{ type: 'ComponentName', info: { value: 'managementfrontend' } }],
    },
  };
}

export function workspaceResource(ws: EmulatedWorkspace, baseUrl: string): Record<string, unknown> {
  const id = workspaceArmId(ws.name);
  return {
    id,
    name: ws.name,
    type: 'Microsoft.MachineLearningServices/workspaces',
    location: EMULATOR_LOCATION,
    tags: { environment: ws.production ? 'production' : 'development' },
    etag: null,
    properties: {
      friendlyName: ws.name,
      description: ws.production ? 'Production workspace (emulated)' : 'Development workspace (emulated)',
      hbiWorkspace: false,
      provisioningState: 'Succeeded',
      v1LegacyMode: false,
      workspaceId: ws.workspaceId,
      publicNetworkAccess: 'Enabled',
      discoveryUrl: `${baseUrl}/discovery`,
      // Azure names its regional host here; the emulator names itself, so MLflow calls come back to it.
      mlFlowTrackingUri: `azureml://${new URL(baseUrl).host}/mlflow/v1.0${id}`,
      enableDataIsolation: false,
    },
    identity: { type: 'SystemAssigned', principalId: ws.workspaceId, tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
    kind: 'Default',
    sku: { name: 'Basic', tier: 'Basic' },
    systemData: {
      createdAt: '2024-03-01T09:00:00.0000000Z',
      createdBy: 'platform-team@contoso.example',
      createdByType: 'User',
      lastModifiedAt: '2024-03-01T09:00:00.0000000Z',
      lastModifiedBy: 'platform-team@contoso.example',
      lastModifiedByType: 'User',
    },
  };
}

export function discoveryDocument(baseUrl: string): Record<string, string> {
  return {
    api: baseUrl,
    catalog: 'https://catalog.cortanaanalytics.com',
    experimentation: baseUrl,
    gallery: 'https://gallery.cortanaintelligence.com/project',
    history: baseUrl,
    hyperdrive: baseUrl,
    labeling: baseUrl,
    modelmanagement: baseUrl,
    pipelines: baseUrl,
    studio: 'https://ml.azure.com',
  };
}

export interface StoredModelVersion {
  workspace: string;
  name: string;
  version: string;
  properties: Record<string, unknown>;
  createdAt: number;
  createdBy: string;
}

export function modelVersionResource(m: StoredModelVersion): Record<string, unknown> {
  return {
    id: `${workspaceArmId(m.workspace)}/models/${m.name}/versions/${m.version}`,
    name: m.version,
    type: 'Microsoft.MachineLearningServices/workspaces/models/versions',
    properties: { ...m.properties, provisioningState: 'Succeeded' },
    systemData: {
      createdAt: dotnetIso(m.createdAt),
      createdBy: m.createdBy,
      createdByType: 'User',
      lastModifiedAt: dotnetIso(m.createdAt),
    },
  };
}
