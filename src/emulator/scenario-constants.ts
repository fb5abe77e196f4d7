/**
 * The fixed layout of the seeded scenario. The bot's local configuration points at these values, so they are
 * exported on their own (no emulator code pulled in) and must never change silently.
 */
export const EMULATOR_SUBSCRIPTION_ID = '00000000-0000-0000-0000-000000000000';
export const EMULATOR_RESOURCE_GROUP = 'jobops-local';
export const EMULATOR_DEV_WORKSPACE = 'mlw-dev';
export const EMULATOR_PROD_WORKSPACE = 'mlw-prod';
export const EMULATOR_DEFAULT_PORT = 5080;
export const EMULATOR_LOCATION = 'eastus2';

export interface EmulatedWorkspace {
  name: string;
  production: boolean;
  /** Stable id so Studio links and run properties look like real ones. */
  workspaceId: string;
}

export const EMULATOR_WORKSPACES: readonly EmulatedWorkspace[] = [
  { name: EMULATOR_DEV_WORKSPACE, production: false, workspaceId: '5d2c7a4e-1f0b-4c8e-9a61-3b7e2d9f0a11' },
  { name: EMULATOR_PROD_WORKSPACE, production: true, workspaceId: 'a8e14f3c-6b92-4d07-8c3e-71f0b5d2e9c4' },
];

/** ARM id of a workspace in the emulated subscription, cased the way ARM returns it. */
export function workspaceArmId(workspace: string): string {
  return (
    `/subscriptions/${EMULATOR_SUBSCRIPTION_ID}/resourceGroups/${EMULATOR_RESOURCE_GROUP}` +
    `/providers/Microsoft.MachineLearningServices/workspaces/${workspace}`
  );
}
