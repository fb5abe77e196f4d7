/** Resolving ARM path parameters to emulated resources, with the errors ARM gives for each miss. */
import { EmulatorState } from './emulator-state';
import { HttpError } from './http-util';
import { EmulatedJob } from './job-model';
import { RouteContext } from './router';
import {
  EMULATOR_RESOURCE_GROUP,
  EMULATOR_SUBSCRIPTION_ID,
  EMULATOR_WORKSPACES,
  EmulatedWorkspace,
} from './scenario-constants';

export const WS_PATH =
  '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.MachineLearningServices/workspaces/:ws';

const JOB_NAME = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;

export function findWorkspace(sub: string, rg: string, ws: string): EmulatedWorkspace | undefined {
  if (sub.toLowerCase() !== EMULATOR_SUBSCRIPTION_ID || rg.toLowerCase() !== EMULATOR_RESOURCE_GROUP) return undefined;
  return EMULATOR_WORKSPACES.find((w) => w.name === ws.toLowerCase());
}

export function requireWorkspace(ctx: RouteContext): EmulatedWorkspace {
  const { sub = '', rg = '', ws = '' } = ctx.params;
  if (sub.toLowerCase() !== EMULATOR_SUBSCRIPTION_ID) {
    throw new HttpError(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
  }
  if (rg.toLowerCase() !== EMULATOR_RESOURCE_GROUP) {
    throw new HttpError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
  }
  const found = findWorkspace(sub, rg, ws);
  if (!found) {
    throw new HttpError(
      404,
      'ResourceNotFound',
      `The Resource 'Microsoft.MachineLearningServices/workspaces/${ws}' under resource group '${rg}' was not found.`,
    );
  }
  return found;
}

export function requireJob(state: EmulatorState, ctx: RouteContext): EmulatedJob {
  const ws = requireWorkspace(ctx);
  const name = ctx.params.job ?? '';
  if (!JOB_NAME.test(name)) {
    throw new HttpError(400, 'UserError', `The job name '${name}' is invalid. It must match ${JOB_NAME.source}.`);
  }
  const job = state.store.get(ws.name, name);
  if (!job) {
    throw new HttpError(404, 'UserError', `Could not find job '${name}' in workspace '${ws.name}'. (ResourceNotFound)`);
  }
  return job;
}
