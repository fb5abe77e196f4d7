import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { parseGate } from './evidence/gate-rules';

/** Aliases are what people type after `in`; keep them short and lower-case. */
const ALIAS = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const GUIDISH = z.string().min(1).max(128);
/** One acceptance gate sentence (evidence/gate-rules.ts), parsed here so a typo stops the start, not a promotion. */
const gate = z.string().transform((s, ctx) => {
  const g = parseGate(s);
  if (typeof g === 'string') {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: g });
    return z.NEVER;
  }
  return g;
});

const workspaceSchema = z
  .object({
    subscriptionId: z.string().min(1),
    resourceGroup: z.string().min(1),
    workspace: z.string().min(1),
    production: z.boolean().default(false),
    operators: z.array(GUIDISH).optional(),
    approvers: z.array(GUIDISH).optional(),
    approvalTtlMinutes: z.number().int().positive().max(24 * 60).default(30),
    escalateAfterMinutes: z.number().int().positive().optional(),
    poll: z.boolean().default(false),
    /** Per model name, the gates a promotion to it must pass (or be overridden with a reason). */
    promotionGates: z.record(z.string().min(1), z.array(gate).max(20)).optional(),
  })
  .superRefine((ws, ctx) => {
    if (ws.production && (!ws.approvers || ws.approvers.length === 0)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['approvers'], message: 'approvers is required when production is true' });
    }
  });

const fileSchema = z
  .object({
    tenantId: z.string().min(1).optional(),
    defaultWorkspace: z.string(),
    workspaces: z.record(z.string().regex(ALIAS, 'workspace aliases are lower-case letters, digits, - and _'), workspaceSchema),
  })
  .superRefine((f, ctx) => {
    if (!(f.defaultWorkspace in f.workspaces)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['defaultWorkspace'], message: `"${f.defaultWorkspace}" is not one of the workspaces` });
    }
  });

const onOff = z.enum(['on', 'off']);
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** `90s`, `15m`, `12h`, `400d`: retentions read as people write them (docs/storage.md). */
const duration = (min: keyof typeof UNIT_MS | '0s', fallback: string) => z.string()
  .regex(/^\d{1,6}[smhd]$/, 'must be a whole number followed by s, m, h or d (like 15m or 400d)')
  .default(fallback)
  .transform((v) => Number(v.slice(0, -1)) * UNIT_MS[v.slice(-1) as keyof typeof UNIT_MS])
  .refine((ms) => min === '0s' || ms >= UNIT_MS[min], `must be at least 1${min}`);
const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().optional(),
  BOT_ID: z.string().default(''),
  BOT_PASSWORD: z.string().default(''),
  BOT_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMsi']).default('MultiTenant'),
  BOT_TENANT_ID: z.string().default(''),
  JOBOPS_CONFIG: z.string().default('env/jobops.local.json'),
  AZUREML_EMULATOR: onOff.optional(),
  EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  ARM_ENDPOINT: z.string().url().default('https://management.azure.com'),
  STORAGE_CONNECTION_STRING: z.string().optional(),
  AZURITE_LOCATION: z.string().default('.data/azurite'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SUMMARY_REFRESH_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  POLL_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  SUMMARY_WATCH_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  // Teams wants invokes answered within a few seconds; leave room for storage and rendering after it.
  REPLY_DEADLINE_MS: z.coerce.number().int().min(100).max(10_000).default(4_000),
  BOT_OPENID_METADATA_URL: z.string().url().optional(),
  // The webhook secret travels in the Event Grid subscription URL (?key=); short ones are guessable.
  EVENTGRID_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  EVENTGRID_SECRET_PREVIOUS: z.string().min(16, 'must be at least 16 characters').optional(),
  // Seals read-only card buttons (src/actions/read-handles.ts); every instance must share it. PREVIOUS during a rotation.
  HANDLE_SIGNING_KEY: z.string().trim().min(32, 'must be at least 32 characters (e.g. openssl rand -base64 48)').optional(),
  HANDLE_SIGNING_KEY_PREVIOUS: z.string().trim().min(32, 'must be at least 32 characters').optional(),
  // Azure Monitor (OpenTelemetry) when set; unset, no telemetry code is loaded (src/shared/telemetry.ts).
  APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().optional(),
  PLAYGROUND: onOff.optional(),
  PLAYGROUND_PORT: z.coerce.number().int().min(0).max(65535).default(56150),
  // A second Playground acting as the approver, on PLAYGROUND_PORT + 1 (the Playground has no user switcher).
  PLAYGROUND_APPROVER: onOff.optional(),
  // Retention (docs/storage.md): how long each kind of record outlives its use; the sweeper deletes the rest.
  RETENTION_AUDIT: duration('m', '400d'),
  RETENTION_DECIDED_APPROVALS: duration('m', '30d'),
  RETENTION_DELIVERY: duration('m', '7d'),
  RETENTION_EXPIRED_HANDLES: duration('0s', '1d'),
  HANDLE_TTL_MAX: duration('m', '7d'),
  RETENTION_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  // Failures with the same cause within this window join one growing card (and its row lives as long).
  CAUSE_WINDOW: duration('m', '1h'),
});

export type WorkspaceConfig = z.infer<typeof workspaceSchema> & { alias: string };
export type JobOpsFile = z.infer<typeof fileSchema>;

export interface Config {
  port: number;
  host: string;
  production: boolean;
  /** Anonymous local mode: no app id, so inbound auth is off; loopback only (R1.1). */
  anonymous: boolean;
  bot: { id: string; password: string; type: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMsi'; tenantId: string; openIdMetadataUrl?: string };
  tenantId?: string;
  defaultWorkspace: string;
  workspaces: Record<string, WorkspaceConfig>;
  emulator: { enabled: boolean; port: number };
  armEndpoint: string;
  /** Undefined in local mode: the embedded Azurite is started instead. */
  storageConnectionString?: string;
  azuriteLocation: string;
  logLevel: string;
  summary: { refreshSeconds: number; watchMinutes: number };
  /** Poller tick for `poll: true` workspaces and stuck/runaway alerts. */
  pollIntervalSeconds: number;
  /** How long a cancel or approval turn waits for Azure before answering "still trying" (the rest follows). */
  replyDeadlineMs: number;
  /** Event Grid intake (R4.1): no secret means POST /api/events answers 404. PREVIOUS is accepted during rotation. */
  eventGrid: { secret?: string; previousSecret?: string };
  /**
   * Keys of the sealed read handles on read-only card buttons. `random`: local mode without HANDLE_SIGNING_KEY got a
   * key for this process only (say so at start; never log a key).
   */
  handleKeys: { current: Buffer; previous?: Buffer; random: boolean };
  /** Application Insights; undefined = no telemetry (nothing loaded). */
  appInsightsConnectionString?: string;
  /** The Agents Playground `npm start` opens as a local Teams-like client (a dev tool; never in production). */
  playground: { enabled: boolean; port: number; approver: boolean };
  retention: RetentionConfig;
}

/** Milliseconds; what each is for is in docs/storage.md's retention table. */
export interface RetentionConfig {
  /** The audit trail (R2.5): longer than everything else, and still exportable until then. */
  auditMs: number;
  /** Decided approval requests (their audit entries stay for auditMs). */
  decidedApprovalsMs: number;
  /** Sent and parked outbox entries, the notice index, observed/baseline rows, storm windows, parked events. */
  deliveryMs: number;
  /** Card-button handles are deleted this long after they expire (until then a press says "expired"). */
  expiredHandlesMs: number;
  /** No card button lives longer than this, whatever its kind asks for. */
  handleTtlMaxMs: number;
  /** How often the lease holder sweeps. */
  sweepEveryMs: number;
  /** Same-cause failures join one card this long; the cause's row is kept as long (then the sweeper deletes it). */
  causeWindowMs: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function isLoopbackUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return isLoopbackHost(u.hostname.replace(/^\[|\]$/g, ''));
  } catch {
    return false;
  }
}

function describe(error: z.ZodError, prefix: (p: (string | number)[]) => string): string {
  return error.issues.map((i) => `${prefix(i.path)}: ${i.message}`).join('; ');
}

/**
 * Reads and validates every setting once. Nothing else in src/ reads process.env,
 * so tests build configs from plain objects.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  // An empty value means "not set" (env files often carry `PORT=`), not port 0 or host "".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${describe(parsed.error, (p) => String(p[0]))}`);
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const anonymous = e.BOT_ID.trim() === '';
  const host = e.HOST ?? (anonymous ? '127.0.0.1' : '0.0.0.0');

  if (anonymous && production) {
    throw new ConfigError('BOT_ID is required when NODE_ENV=production: anonymous mode turns inbound authentication off.');
  }
  if (anonymous && !isLoopbackHost(host)) {
    throw new ConfigError(`BOT_ID is required to listen on HOST=${host}: anonymous mode may only bind to loopback.`);
  }
  if (!anonymous && e.BOT_TYPE !== 'UserAssignedMsi' && e.BOT_PASSWORD === '') {
    throw new ConfigError(`BOT_PASSWORD is required when BOT_ID is set and BOT_TYPE=${e.BOT_TYPE}.`);
  }
  if (!anonymous && e.BOT_TYPE !== 'MultiTenant' && e.BOT_TENANT_ID === '') {
    throw new ConfigError(`BOT_TENANT_ID is required when BOT_TYPE=${e.BOT_TYPE}.`);
  }

  const file = readJobOpsFile(path.resolve(cwd, e.JOBOPS_CONFIG));
  const emulatorOn = (e.AZUREML_EMULATOR ?? (anonymous && !production ? 'on' : 'off')) === 'on';
  if (emulatorOn && production) throw new ConfigError('AZUREML_EMULATOR=on is not allowed with NODE_ENV=production.');
  const armProtocol = new URL(e.ARM_ENDPOINT).protocol;
  const localArm = armProtocol === 'http:';
  if ((localArm && !isLoopbackUrl(e.ARM_ENDPOINT)) || (armProtocol !== 'http:' && armProtocol !== 'https:')) {
    throw new ConfigError('ARM_ENDPOINT must be https unless it is a loopback emulator.');
  }
  // The Playground talks to the bot without tokens, so it only makes sense against anonymous local mode.
  const playgroundOn = (e.PLAYGROUND ?? (anonymous && !production ? 'on' : 'off')) === 'on';
  if (playgroundOn && production) throw new ConfigError('PLAYGROUND=on is not allowed with NODE_ENV=production.');
  const local = anonymous || emulatorOn || localArm;
  if (!local && !e.STORAGE_CONNECTION_STRING) {
    throw new ConfigError('STORAGE_CONNECTION_STRING is required outside local mode.');
  }

  if (!local && !e.HANDLE_SIGNING_KEY) {
    throw new ConfigError('HANDLE_SIGNING_KEY is required outside local mode: every instance seals and opens card buttons with it.');
  }
  if (e.HANDLE_SIGNING_KEY_PREVIOUS && !e.HANDLE_SIGNING_KEY) {
    throw new ConfigError('HANDLE_SIGNING_KEY_PREVIOUS is set without HANDLE_SIGNING_KEY.');
  }
  if (e.HANDLE_SIGNING_KEY_PREVIOUS && e.HANDLE_SIGNING_KEY_PREVIOUS === e.HANDLE_SIGNING_KEY) {
    throw new ConfigError('HANDLE_SIGNING_KEY_PREVIOUS equals HANDLE_SIGNING_KEY: set the new key in HANDLE_SIGNING_KEY.');
  }
  const handleKeys = e.HANDLE_SIGNING_KEY
    ? { current: Buffer.from(e.HANDLE_SIGNING_KEY, 'utf8'), previous: e.HANDLE_SIGNING_KEY_PREVIOUS ? Buffer.from(e.HANDLE_SIGNING_KEY_PREVIOUS, 'utf8') : undefined, random: false }
    : { current: randomBytes(32), random: true };

  const workspaces: Record<string, WorkspaceConfig> = {};
  for (const [alias, ws] of Object.entries(file.workspaces)) workspaces[alias] = { ...ws, alias };

  return {
    port: e.PORT,
    host,
    production,
    anonymous,
    bot: { id: e.BOT_ID, password: e.BOT_PASSWORD, type: e.BOT_TYPE, tenantId: e.BOT_TENANT_ID, openIdMetadataUrl: e.BOT_OPENID_METADATA_URL },
    tenantId: file.tenantId,
    defaultWorkspace: file.defaultWorkspace,
    workspaces,
    emulator: { enabled: emulatorOn, port: e.EMULATOR_PORT },
    armEndpoint: e.ARM_ENDPOINT,
    storageConnectionString: e.STORAGE_CONNECTION_STRING || undefined,
    azuriteLocation: path.resolve(cwd, e.AZURITE_LOCATION),
    logLevel: e.LOG_LEVEL,
    summary: { refreshSeconds: e.SUMMARY_REFRESH_SECONDS, watchMinutes: e.SUMMARY_WATCH_MINUTES },
    pollIntervalSeconds: e.POLL_INTERVAL_SECONDS,
    replyDeadlineMs: e.REPLY_DEADLINE_MS,
    eventGrid: { secret: e.EVENTGRID_SECRET, previousSecret: e.EVENTGRID_SECRET_PREVIOUS },
    handleKeys,
    appInsightsConnectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING || undefined,
    playground: { enabled: playgroundOn, port: e.PLAYGROUND_PORT, approver: playgroundOn && (e.PLAYGROUND_APPROVER ?? 'on') === 'on' },
    retention: {
      auditMs: e.RETENTION_AUDIT, decidedApprovalsMs: e.RETENTION_DECIDED_APPROVALS, deliveryMs: e.RETENTION_DELIVERY,
      expiredHandlesMs: e.RETENTION_EXPIRED_HANDLES, handleTtlMaxMs: e.HANDLE_TTL_MAX, sweepEveryMs: e.RETENTION_SWEEP_SECONDS * 1000,
      causeWindowMs: e.CAUSE_WINDOW,
    },
  };
}

function readJobOpsFile(file: string): JobOpsFile {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`JOBOPS_CONFIG: cannot read ${file}: ${(err as Error).message}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`JOBOPS_CONFIG (${file}) is invalid: ${describe(parsed.error, (p) => p.join('.'))}`);
  return parsed.data;
}
