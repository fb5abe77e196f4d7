/**
 * ARM compute, usage and VM size routes (computeOperations.get, usages.list, virtualMachineSizes.list), shaped like
 * the 2022-10-01 spec examples (Compute/get/AmlCompute.json, Usage/list.json, VirtualMachineSize/list.json).
 */
import { COMPUTES, EmulatedCompute, FAMILY_QUOTA, REGIONAL_DEDICATED_LIMIT, VM_SIZES, familyUse, findCompute, loadOf, sizeOf } from './compute-model';
import { EmulatorState } from './emulator-state';
import { HttpError, sendJson } from './http-util';
import { requireWorkspace, WS_PATH } from './arm-lookup';
import { Route, RouteContext } from './router';
import { EMULATOR_LOCATION, EMULATOR_SUBSCRIPTION_ID, workspaceArmId } from './scenario-constants';
import { dotnetIso } from './time-format';

const ML = 'Microsoft.MachineLearningServices';
const LOCATION_PATH = `/subscriptions/:sub/providers/${ML}/locations/:location`;

function computeResource(state: EmulatorState, c: EmulatedCompute): Record<string, unknown> {
  const now = state.clock.now();
  const load = loadOf(state.store, c, now);
  const size = sizeOf(c.vmSize);
  const errors = load.quotaBlocked && size
    ? [{ error: { code: 'QuotaExceeded', message: `Operation results in exceeding quota limits of ${size.family}. Maximum allowed: ${FAMILY_QUOTA[size.family]?.limit ?? 0}, Current in use: ${FAMILY_QUOTA[size.family]?.limit ?? 0}, Additional requested: ${size.vCPUs}.` } }]
    : null;
  return {
    id: `${workspaceArmId(c.workspace)}/computes/${c.name}`,
    name: c.name,
    type: `${ML}/workspaces/computes`,
    location: EMULATOR_LOCATION,
    properties: {
      computeType: 'AmlCompute',
      computeLocation: EMULATOR_LOCATION,
      provisioningState: 'Succeeded',
      description: null,
      createdOn: '2024-01-10T09:00:00.0000000+00:00',
      modifiedOn: '2024-01-10T09:00:00.0000000+00:00',
      isAttachedCompute: false,
      disableLocalAuth: true,
      properties: {
        osType: 'Linux',
        vmSize: c.vmSize,
        vmPriority: c.vmPriority,
        isolatedNetwork: false,
        subnet: null,
        scaleSettings: { maxNodeCount: c.maxNodes, minNodeCount: c.minNodes, nodeIdleTimeBeforeScaleDown: 'PT5M' },
        remoteLoginPortPublicAccess: 'Disabled',
        allocationState: load.target !== load.current ? 'Resizing' : 'Steady',
        allocationStateTransitionTime: dotnetIso(now - 60_000),
        errors,
        currentNodeCount: load.current,
        targetNodeCount: load.target,
        nodeStateCounts: {
          idleNodeCount: load.idle, runningNodeCount: load.running, preparingNodeCount: 0,
          unusableNodeCount: c.unusableNodes, leavingNodeCount: 0, preemptedNodeCount: c.preemptedNodes,
        },
      },
    },
  };
}

function requireLocation(ctx: RouteContext): string {
  const { sub = '', location = '' } = ctx.params;
  if (sub.toLowerCase() !== EMULATOR_SUBSCRIPTION_ID) throw new HttpError(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
  if (location.toLowerCase() !== EMULATOR_LOCATION) throw new HttpError(400, 'LocationNotAvailableForResourceType', `The location '${location}' has no emulated Azure ML quota.`);
  return location.toLowerCase();
}

function usages(state: EmulatorState, location: string): Record<string, unknown>[] {
  const use = familyUse(state.store, state.clock.now());
  const base = `/subscriptions/${EMULATOR_SUBSCRIPTION_ID}/providers/${ML}/locations/${location}`;
  const total = [...use.values()].reduce((a, b) => a + b, 0);
  const rows: Record<string, unknown>[] = [{
    id: `${base}/usages/totalDedicatedCores`, type: `${ML}/dedicatedCores/usages`, unit: 'Count', currentValue: total, limit: REGIONAL_DEDICATED_LIMIT,
    name: { value: 'Total Cluster Dedicated Regional vCPUs', localizedValue: 'Total Cluster Dedicated Regional vCPUs' },
  }];
  for (const [family, q] of Object.entries(FAMILY_QUOTA)) {
    const words = family.replace(/^standard/, 'Standard ').replace(/Family$/, ' Family');
    rows.push({
      id: `${base}/usages/${family}`, type: `${ML}/vmFamily/usages`, unit: 'Count', currentValue: use.get(family) ?? 0, limit: q.limit,
      name: { value: family, localizedValue: `${words} Cluster Dedicated vCPUs` },
    });
  }
  for (const c of COMPUTES) {
    rows.push({
      id: `${workspaceArmId(c.workspace)}/computes/${c.name}/usages`, type: `${ML}/workspaces/computes/usages`, unit: 'Count',
      currentValue: loadOf(state.store, c, state.clock.now()).current, limit: c.maxNodes,
      name: { value: c.name, localizedValue: `${c.name} Cluster Nodes` },
    });
  }
  return rows;
}

function vmSizes(): Record<string, unknown>[] {
  return VM_SIZES.map((s) => ({
    name: s.name, family: s.family, vCPUs: s.vCPUs, gpus: s.gpus, osVhdSizeMB: 1047552, maxResourceVolumeMB: 344064, memoryGB: s.memoryGB,
    lowPriorityCapable: true, premiumIO: true, supportedComputeTypes: ['AmlCompute', 'ComputeInstance'],
    ...(s.price
      ? {
          estimatedVMPrices: {
            billingCurrency: 'USD', unitOfMeasure: 'OneHour',
            values: [
              { retailPrice: s.price.dedicated, osType: 'Linux', vmTier: 'Standard' },
              { retailPrice: s.price.lowPriority, osType: 'Linux', vmTier: 'LowPriority' },
              { retailPrice: Math.round(s.price.dedicated * 1.4 * 1000) / 1000, osType: 'Windows', vmTier: 'Standard' },
            ],
          },
        }
      : { estimatedVMPrices: null }),
  }));
}

export function computeRoutes(state: EmulatorState): Route[] {
  const getCompute = (ctx: RouteContext): void => {
    const ws = requireWorkspace(ctx);
    const c = findCompute(ws.name, ctx.params.compute ?? '');
    if (!c) throw new HttpError(404, 'ResourceNotFound', `The Resource '${ML}/workspaces/${ws.name}/computes/${ctx.params.compute}' was not found.`);
    sendJson(ctx.res, 200, computeResource(state, c));
  };
  return [
    { method: 'GET', pattern: `${WS_PATH}/computes/:compute`, target: 'arm', op: 'computeGet', handle: getCompute },
    { method: 'GET', pattern: `${LOCATION_PATH}/usages`, target: 'arm', op: 'usagesList', handle: (ctx) => sendJson(ctx.res, 200, { value: usages(state, requireLocation(ctx)) }) },
    { method: 'GET', pattern: `${LOCATION_PATH}/vmSizes`, target: 'arm', op: 'vmSizesList', handle: (ctx) => { requireLocation(ctx); sendJson(ctx.res, 200, { value: vmSizes() }); } },
  ];
}
