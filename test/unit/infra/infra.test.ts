/**
 * Static checks of the deployment files (infra/*.bicep, infra/azure.parameters.json, teamsapp*.yml).
 * No az or bicep binary and no network here, so the Bicep is read as text with a small parser that
 * knows about strings, comments and braces: enough to find resources, params and properties reliably.
 * What this cannot prove (that ARM accepts the template) is covered in docs/deploy.md ("Verify the templates").
 *
 * YAML: `yaml` is not a direct dependency; it is present through @microsoft/teams-ai (a runtime
 * dependency), so it is always installed with the project. If that ever changes, this import fails
 * loudly rather than silently skipping the checks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

const ROOT = path.resolve(__dirname, '../../..');
const read = (rel: string): string => fs.readFileSync(path.join(ROOT, rel), 'utf8');

/**
 * security.md R6: exactly these, no more, no wildcards; plus experiments/runs/read, which run history needs
 * (test/integration/rbac-role.test.ts: show of a failed job, summary and notice triage are refused without it).
 */
const R6_ACTIONS = [
  'Microsoft.MachineLearningServices/workspaces/read',
  'Microsoft.MachineLearningServices/workspaces/jobs/read',
  'Microsoft.MachineLearningServices/workspaces/jobs/cancel/action',
  'Microsoft.MachineLearningServices/workspaces/jobs/write',
  'Microsoft.MachineLearningServices/workspaces/computes/read',
  'Microsoft.MachineLearningServices/workspaces/experiments/runs/read',
  'Microsoft.MachineLearningServices/workspaces/models/read',
  'Microsoft.MachineLearningServices/workspaces/models/versions/read',
  'Microsoft.MachineLearningServices/workspaces/models/versions/write',
];

/** Issue 12: the region's quota and VM sizes, authorized at subscription scope, in a role of their own. */
const QUOTA_ACTIONS = [
  'Microsoft.MachineLearningServices/locations/usages/read',
  'Microsoft.MachineLearningServices/locations/vmsizes/read',
];

// ---- a minimal Bicep reader ----------------------------------------------------------------------

/** Removes // and /* *\/ comments outside single-quoted strings ('https://…' stays intact). */
function stripComments(src: string): string {
  let out = '';
  let i = 0;
  let inString = false;
  while (i < src.length) {
    const c = src[i];
    if (inString) {
      out += c;
      if (c === '\\') {
        out += src[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (c === "'") inString = false;
      i++;
    } else if (c === "'") {
      inString = true;
      out += c;
      i++;
    } else if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? src.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The text between the brace (or bracket) at `open` and its partner, skipping strings. */
function balanced(src: string, open: number): string {
  const opener = src[open];
  const closer = opener === '{' ? '}' : ']';
  let depth = 0;
  let inString = false;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === "'") inString = false;
      continue;
    }
    if (c === "'") inString = true;
    else if (c === opener) depth++;
    else if (c === closer && --depth === 0) return src.slice(open + 1, i);
  }
  throw new Error(`unbalanced ${opener} at ${open}`);
}

interface BicepResource {
  symbol: string;
  type: string;
  existing: boolean;
  body: string;
}

function resources(src: string): BicepResource[] {
  const code = stripComments(src);
  const out: BicepResource[] = [];
  const re = /^resource\s+(\w+)\s+'([^'@]+)@[^']+'\s+(existing\s+)?=\s*(?:if\s*\([^)]*\)\s*)?\{/gm;
  for (let m = re.exec(code); m; m = re.exec(code)) {
    out.push({ symbol: m[1]!, type: m[2]!, existing: Boolean(m[3]), body: balanced(code, m.index + m[0].length - 1) });
  }
  return out;
}

interface BicepParam {
  name: string;
  type: string;
  decorators: string;
}

function params(src: string): BicepParam[] {
  const code = stripComments(src);
  const lines = code.split('\n');
  const out: BicepParam[] = [];
  lines.forEach((line, i) => {
    const m = /^param\s+(\w+)\s+(\w+)/.exec(line);
    if (!m) return;
    // Decorators are the lines starting with @ directly above (possibly spanning several lines each).
    let j = i - 1;
    const above: string[] = [];
    while (j >= 0 && !/^\s*$/.test(lines[j]!) && !/^(param|var|resource|module|output|targetScope)\b/.test(lines[j]!)) above.unshift(lines[j--]!);
    out.push({ name: m[1]!, type: m[2]!, decorators: above.join('\n') });
  });
  return out;
}

/** The value text of `key: …` at the top level of a body (first match), or undefined. */
function prop(body: string, key: string): string | undefined {
  const m = new RegExp(`(?:^|\\n)\\s*${key}\\s*:\\s*(.+)`).exec(body);
  return m?.[1]?.trim();
}

const quoted = (text: string): string[] => [...text.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]!);

const infraFiles = (): string[] => {
  const walk = (dir: string): string[] =>
    fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  return walk('infra');
};
const bicepFiles = (): string[] => infraFiles().filter((f) => f.endsWith('.bicep'));
const allResources = (): (BicepResource & { file: string })[] => bicepFiles().flatMap((file) => resources(read(file)).map((r) => ({ ...r, file })));

// ---- the least-privilege role (security.md R6) -------------------------------------------------------

describe('JobOps custom role', () => {
  const roleFile = 'infra/modules/jobops-role.bicep';
  const quotaFile = 'infra/modules/jobops-quota-reader.bicep';
  const roleDefs = () => allResources().filter((r) => r.type === 'Microsoft.Authorization/roleDefinitions' && !r.existing);

  test('two custom role definitions exist (the operator role and the quota reader), at subscription scope', () => {
    const defs = roleDefs().filter((d) => d.file === roleFile);
    expect(roleDefs().map((d) => d.file).sort()).toEqual([quotaFile, roleFile].sort());
    expect(stripComments(read(quotaFile))).toMatch(/^targetScope\s*=\s*'subscription'/m);
    expect(stripComments(read(roleFile))).toMatch(/^targetScope\s*=\s*'subscription'/m);
    expect(prop(defs[0]!.body, 'type')).toBe("'CustomRole'");
  });

  test('the quota reader has exactly the two location reads, assignable only on the subscription and assigned there', () => {
    const code = stripComments(read(quotaFile));
    const v = /^var\s+quotaActions\s*=\s*\[/m.exec(code);
    expect(v).not.toBeNull();
    expect(quoted(balanced(code, v!.index + v![0].length - 1)).sort()).toEqual([...QUOTA_ACTIONS].sort());
    const def = roleDefs().find((d) => d.file === quotaFile)!;
    for (const key of ['notActions', 'dataActions', 'notDataActions']) expect(prop(def.body, key)).toBe('[]');
    expect(def.body).toMatch(/assignableScopes:\s*\[\s*subscription\(\)\.id\s*\]/);
    expect(stripComments(read('infra/azure.bicep'))).toMatch(/module\s+quota\s+'modules\/jobops-quota-reader\.bicep'[^\n]*\n\s*name:[^\n]*\n\s*scope:\s*subscription\(sub\)/);
  });

  test('its actions are exactly the R6 set: no wildcard, no extra action, no data actions', () => {
    const code = stripComments(read(roleFile));
    const body = roleDefs().find((d) => d.file === roleFile)!.body;
    // actions may be inline or a variable; resolve the variable.
    const actionsRef = prop(body, 'actions')!;
    let actionsText: string;
    if (actionsRef.startsWith('[')) {
      actionsText = balanced(body, body.indexOf('[', body.indexOf('actions')));
    } else {
      const v = new RegExp(`^var\\s+${actionsRef}\\s*=\\s*\\[`, 'm').exec(code);
      expect(v).not.toBeNull();
      actionsText = balanced(code, v!.index + v![0].length - 1);
    }
    const actions = quoted(actionsText);
    expect([...actions].sort()).toEqual([...R6_ACTIONS].sort());
    expect(new Set(actions).size).toBe(actions.length);
    for (const a of actions) expect(a).not.toContain('*');
    for (const key of ['notActions', 'dataActions', 'notDataActions']) expect(prop(body, key)).toBe('[]');
  });

  test('no built-in broad role is referenced anywhere (Owner, Contributor, AzureML Data Scientist)', () => {
    const builtIns = [
      '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', // Owner
      'b24988ac-6180-42a0-ab88-20f7382dd24c', // Contributor
      'f6c7c914-8db3-469d-8ca1-694a8f32e121', // AzureML Data Scientist
    ];
    for (const file of infraFiles()) {
      const text = read(file);
      for (const id of builtIns) expect(`${file}: ${text.includes(id)}`).toBe(`${file}: false`);
      // A wildcard action anywhere in code (comments may say why there is none).
      if (file.endsWith('.bicep')) expect(stripComments(text)).not.toMatch(/'[^'\n]*\*[^'\n]*'/);
    }
  });

  test('the role definition and role.bicep use the same deterministic GUID', () => {
    const formula = /guid\(tenant\(\)\.tenantId,\s*'jobops-azureml-operator',\s*resourceBaseName\)/;
    expect(stripComments(read('infra/azure.bicep'))).toMatch(formula);
    expect(stripComments(read('infra/role.bicep'))).toMatch(formula);
    expect(stripComments(read('infra/role.bicep'))).toMatch(/^targetScope\s*=\s*'subscription'/m);
  });
});

describe('role assignment', () => {
  const assignments = () => allResources().filter((r) => r.type === 'Microsoft.Authorization/roleAssignments');

  test('the JobOps role is assigned on the workspace itself, never on a subscription or resource group', () => {
    const file = 'infra/modules/workspace-access.bicep';
    const mine = assignments().filter((a) => a.file === file);
    expect(mine).toHaveLength(1);
    const a = mine[0]!;
    const scope = prop(a.body, 'scope');
    expect(scope).toBeDefined();
    const target = resources(read(file)).find((r) => r.symbol === scope);
    expect(target).toMatchObject({ type: 'Microsoft.MachineLearningServices/workspaces', existing: true });
    expect(scope).not.toMatch(/subscription\(|resourceGroup\(/);
    expect(prop(a.body, 'roleDefinitionId')).toMatch(/^subscriptionResourceId\('Microsoft\.Authorization\/roleDefinitions',\s*roleDefinitionGuid\)$/);
    expect(prop(a.body, 'principalType')).toBe("'ServicePrincipal'");
  });

  test('every role assignment in infra/ has an explicit resource scope and a deterministic guid() name', () => {
    for (const a of assignments()) {
      expect(prop(a.body, 'name')).toMatch(/^guid\(/);
      // The quota reader's assignment is at its file's target scope, the subscription (no resource to name).
      if (a.file === 'infra/modules/jobops-quota-reader.bicep') continue;
      expect(prop(a.body, 'scope')).toMatch(/^\w+$/);
    }
  });

  test('azure.bicep deploys the access and event modules into each workspace\'s resource group', () => {
    const code = stripComments(read('infra/azure.bicep'));
    for (const mod of ['workspace-access', 'workspace-events']) {
      const m = new RegExp(`module\\s+\\w+\\s+'modules/${mod}\\.bicep'\\s*=\\s*\\[for\\s*\\((\\w+),\\s*\\w+\\)\\s+in\\s+\\w+\\s*:`).exec(code);
      expect(m).not.toBeNull();
      const ws = m![1]!;
      const body = balanced(code, code.indexOf('{', m!.index + m![0].length));
      expect(prop(body, 'scope')).toBe(`resourceGroup(${ws}.subscriptionId, ${ws}.resourceGroup)`);
    }
    expect(code).toMatch(/module\s+role\s+'modules\/jobops-role\.bicep'[^{]*\{[^}]*scope:\s*subscription\(roleSubscriptionId\)/);
  });
});

// ---- storage ------------------------------------------------------------------------------------

describe('storage account', () => {
  test('StorageV2, HTTPS only, TLS 1.2, no public blob access', () => {
    const accounts = allResources().filter((r) => r.type === 'Microsoft.Storage/storageAccounts' && !r.existing);
    expect(accounts).toHaveLength(1);
    const body = accounts[0]!.body;
    expect(prop(body, 'kind')).toBe("'StorageV2'");
    expect(prop(body, 'supportsHttpsTrafficOnly')).toBe('true');
    expect(prop(body, 'minimumTlsVersion')).toBe("'TLS1_2'");
    expect(prop(body, 'allowBlobPublicAccess')).toBe('false');
  });
});

// ---- Event Grid -------------------------------------------------------------------------------------

describe('Event Grid', () => {
  const file = 'infra/modules/workspace-events.bicep';

  test('a system topic on the workspace, of the Azure ML workspace topic type', () => {
    const topic = resources(read(file)).find((r) => r.type === 'Microsoft.EventGrid/systemTopics');
    expect(topic).toBeDefined();
    expect(prop(topic!.body, 'topicType')).toBe("'Microsoft.MachineLearningServices.Workspaces'");
    expect(prop(topic!.body, 'source')).toBe('workspace.id');
  });

  test('the webhook is /api/events with the key from a @secure() parameter, on https', () => {
    const code = stripComments(read(file));
    expect(code).toMatch(/endpointUrl\s*=\s*'https:\/\/\$\{appHostName\}\/api\/events\?key=\$\{uriComponent\(eventGridSecret\)\}'/);
    const secretParam = params(read(file)).find((p) => p.name === 'eventGridSecret');
    expect(secretParam?.decorators).toContain('@secure()');
    // And the value comes from azure.bicep's own secure parameter.
    const main = params(read('infra/azure.bicep')).find((p) => p.name === 'eventGridSecret');
    expect(main?.decorators).toContain('@secure()');
    expect(main?.decorators).toMatch(/@minLength\(16\)/);
    expect(stripComments(read('infra/azure.bicep'))).toMatch(/eventGridSecret:\s*eventGridSecret\b/);
  });

  test('subscriptions: RunStatusChanged filtered to failed/completed/canceled (lower case), and RunCompleted', () => {
    const subs = resources(read(file)).filter((r) => r.type === 'Microsoft.EventGrid/systemTopics/eventSubscriptions');
    const types = subs.map((s) => quoted(balanced(s.body, s.body.indexOf('[', s.body.indexOf('includedEventTypes')))));
    expect(types.flat().sort()).toEqual(['Microsoft.MachineLearningServices.RunCompleted', 'Microsoft.MachineLearningServices.RunStatusChanged']);
    const status = subs.find((s) => s.body.includes('RunStatusChanged'))!;
    const filters = balanced(status.body, status.body.indexOf('[', status.body.indexOf('advancedFilters')));
    expect(prop(filters, 'operatorType')).toBe("'StringIn'");
    expect(prop(filters, 'key')).toBe("'data.runStatus'");
    expect(quoted(balanced(filters, filters.indexOf('[', filters.indexOf('values')))).sort()).toEqual(['canceled', 'completed', 'failed']);
    for (const s of subs) expect(s.body).toMatch(/destination:\s*delivery/);
  });
});

// ---- web app and bot ----------------------------------------------------------------------------------

describe('web app', () => {
  const file = 'infra/modules/webapp.bicep';
  const settings = (): Map<string, string> => {
    const site = resources(read(file)).find((r) => r.type === 'Microsoft.Web/sites')!;
    const list = balanced(site.body, site.body.indexOf('[', site.body.indexOf('appSettings')));
    return new Map([...list.matchAll(/\{\s*name:\s*'(\w+)',\s*value:\s*([^}]+?)\s*\}/g)].map((m) => [m[1]!, m[2]!]));
  };

  test('runs the compiled bot on Node 20 in production mode under the user-assigned identity', () => {
    const site = resources(read(file)).find((r) => r.type === 'Microsoft.Web/sites')!;
    expect(prop(site.body, 'linuxFxVersion')).toBe("'NODE|20-lts'");
    expect(prop(site.body, 'appCommandLine')).toBe("'node dist/src/index.js'");
    expect(prop(site.body, 'httpsOnly')).toBe('true');
    expect(prop(site.body, 'type')).toBe("'UserAssigned'");
    expect(settings().get('NODE_ENV')).toBe("'production'");
  });

  test('sets the README configuration contract, and only settings someone reads; no BOT_PASSWORD', () => {
    // README "Configuration" + the Event Grid secrets; tuning knobs with defaults may be added later.
    const contract = ['PORT', 'HOST', 'BOT_ID', 'BOT_TYPE', 'BOT_TENANT_ID', 'JOBOPS_CONFIG', 'AZUREML_EMULATOR', 'ARM_ENDPOINT', 'STORAGE_CONNECTION_STRING', 'LOG_LEVEL', 'EVENTGRID_SECRET', 'EVENTGRID_SECRET_PREVIOUS', 'HANDLE_SIGNING_KEY', 'HANDLE_SIGNING_KEY_PREVIOUS'];
    const s = settings();
    for (const v of contract) expect(`${v}: ${s.has(v)}`).toBe(`${v}: true`);
    // Anything else set must be read by the bot (src/config.ts) or by the platform/SDKs: no stale settings.
    const config = read('src/config.ts');
    const schema = balanced(config, config.indexOf('{', config.indexOf('const envSchema')));
    const readByBot = new Set([...schema.matchAll(/^\s*([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!));
    const platform = new Set(['WEBSITES_PORT', 'SCM_DO_BUILD_DURING_DEPLOYMENT', 'WEBSITE_RUN_FROM_PACKAGE', 'AZURE_CLIENT_ID', 'JOBOPS_ENV', 'PLAYGROUND']);
    for (const v of s.keys()) expect(`${v}: ${readByBot.has(v) || platform.has(v)}`).toBe(`${v}: true`);
    expect(s.has('BOT_PASSWORD')).toBe(false);
    expect(s.get('BOT_TYPE')).toBe("'UserAssignedMsi'");
    expect(s.get('BOT_ID')).toBe('identityClientId');
    expect(s.get('AZURE_CLIENT_ID')).toBe('identityClientId');
    expect(s.get('AZUREML_EMULATOR')).toBe("'off'");
    expect(s.get('EVENTGRID_SECRET')).toBe('eventGridSecret');
    expect(s.get('STORAGE_CONNECTION_STRING')).toBe('storageConnectionString');
    expect(s.get('HANDLE_SIGNING_KEY')).toBe('handleSigningKey');
    // Issue 13: telemetry to the Application Insights component the template creates.
    expect(s.get('APPLICATIONINSIGHTS_CONNECTION_STRING')).toBe('appInsights.properties.ConnectionString');
    for (const p of ['eventGridSecret', 'eventGridSecretPrevious', 'handleSigningKey', 'handleSigningKeyPrevious']) expect(params(read(file)).find((x) => x.name === p)?.decorators).toContain('@secure()');
  });
});

describe('Application Insights (issue 13)', () => {
  test('a workspace-based Application Insights component, created by the main template and read by the web app', () => {
    const mon = resources(read('infra/modules/monitoring.bicep'));
    const appi = mon.find((r) => r.type === 'Microsoft.Insights/components')!;
    expect(appi).toBeDefined();
    expect(prop(appi.body, 'WorkspaceResourceId')).toBe('logs.id');
    expect(mon.some((r) => r.type === 'Microsoft.OperationalInsights/workspaces')).toBe(true);
    expect(read('infra/azure.bicep')).toMatch(/module monitoring 'modules\/monitoring\.bicep'/);
    expect(read('infra/azure.bicep')).toMatch(/appInsightsName: monitoring\.outputs\.name/);
    // Nothing secret leaves a module as an output: the web app reads the connection string from the component.
    expect(read('infra/modules/monitoring.bicep')).not.toMatch(/output .*[Cc]onnection/);
  });
});

describe('Azure Bot', () => {
  test('single tenant through the managed identity, endpoint /api/messages, Teams channel', () => {
    const file = 'infra/modules/bot.bicep';
    const rs = resources(read(file));
    const bot = rs.find((r) => r.type === 'Microsoft.BotService/botServices')!;
    expect(prop(bot.body, 'msaAppType')).toBe("'UserAssignedMSI'");
    expect(prop(bot.body, 'msaAppMSIResourceId')).toBe('identityId');
    expect(prop(bot.body, 'msaAppTenantId')).toBe('tenantId');
    const channel = rs.find((r) => r.type === 'Microsoft.BotService/botServices/channels')!;
    expect(prop(channel.body, 'channelName')).toBe("'MsTeamsChannel'");
    expect(stripComments(read('infra/azure.bicep'))).toMatch(/endpoint:\s*'https:\/\/\$\{web\.outputs\.hostName\}\/api\/messages'/);
  });
});

// ---- no secrets --------------------------------------------------------------------------------------

const SECRET_PATTERNS: [string, RegExp][] = [
  ['storage account key', /AccountKey=(?!\$\{)[A-Za-z0-9+/]{20,}/],
  ['SAS signature', /[?&]sig=[A-Za-z0-9%+/]{20,}/],
  ['connection string', /DefaultEndpointsProtocol=https?;AccountName=\w+;AccountKey=[^$]/],
  ['Entra client secret', /\b[A-Za-z0-9_-]{3}\dQ~[A-Za-z0-9_.~-]{30,}/],
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['password/secret literal', /\b(?:password|passwd|secret|clientSecret|apiKey)\b['"]?\s*[:=]\s*['"](?!\$\{\{)[^'"\s$]{8,}['"]/i],
];

describe('no secrets in the deployment files', () => {
  const files = () => [...infraFiles(), 'teamsapp.yml', 'teamsapp.local.yml', 'env/.env.dev.sample'];

  test.each(SECRET_PATTERNS)('no %s literal', (_label, re) => {
    for (const f of files()) expect(`${f}: ${re.test(read(f))}`).toBe(`${f}: false`);
  });

  test('outputs carry no secret, key or connection string', () => {
    for (const f of bicepFiles()) {
      const outputs = stripComments(read(f)).split('\n').filter((l) => /^output\s/.test(l));
      for (const o of outputs) expect(o).not.toMatch(/secret|password|listKeys|connectionString|key\b/i);
    }
  });

  test('every parameter that looks like a secret is @secure() and has no default value', () => {
    for (const f of bicepFiles()) {
      for (const p of params(read(f)).filter((x) => /secret|password/i.test(x.name))) {
        expect(`${f}:${p.name} ${p.decorators.includes('@secure()')}`).toBe(`${f}:${p.name} true`);
        expect(stripComments(read(f))).not.toMatch(new RegExp(`^param\\s+${p.name}\\s+string\\s*=\\s*'[^']+'`, 'm'));
      }
    }
  });

  test('azure.parameters.json is valid JSON, names only declared parameters, and takes secrets from SECRET_ placeholders', () => {
    const json = JSON.parse(read('infra/azure.parameters.json')) as { parameters: Record<string, { value: unknown }> };
    const declared = new Map(params(read('infra/azure.bicep')).map((p) => [p.name, p]));
    for (const [name, { value }] of Object.entries(json.parameters)) {
      expect(`${name}: ${declared.has(name)}`).toBe(`${name}: true`);
      if (declared.get(name)!.decorators.includes('@secure()')) expect(value).toMatch(/^\$\{\{SECRET_[A-Z0-9_]+\}\}$/);
    }
    // Every required parameter (no default) is supplied.
    const code = stripComments(read('infra/azure.bicep'));
    for (const p of declared.values()) {
      const hasDefault = new RegExp(`^param\\s+${p.name}\\s+\\w+\\s*=`, 'm').test(code);
      if (!hasDefault) expect(`${p.name}: ${p.name in json.parameters}`).toBe(`${p.name}: true`);
    }
  });
});

// ---- Teams / Agents Toolkit project files -------------------------------------------------------------

interface Step {
  uses: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}
type Project = { version: string; provision: Step[]; deploy: Step[]; publish?: Step[] };

const loadYaml = (file: string): Project => parseYaml(read(file)) as Project;
const uses = (steps: Step[] | undefined): string[] => (steps ?? []).map((s) => s.uses);

describe('teamsapp.yml (Azure)', () => {
  test('parses, v1.x, with provision, deploy and publish stages in the toolkit\'s order', () => {
    const p = loadYaml('teamsapp.yml');
    expect(p.version).toMatch(/^v1\.\d+$/);
    expect(uses(p.provision)).toEqual(['teamsApp/create', 'arm/deploy', 'teamsApp/validateManifest', 'teamsApp/zipAppPackage', 'teamsApp/validateAppPackage', 'teamsApp/update']);
    expect(uses(p.deploy)).toEqual(['cli/runNpmCommand', 'cli/runNpmCommand', 'cli/runNpmCommand', 'azureAppService/zipDeploy']);
    expect(uses(p.publish)).toEqual(expect.arrayContaining(['teamsApp/validateManifest', 'teamsApp/zipAppPackage', 'teamsApp/update', 'teamsApp/publishAppPackage']));
  });

  test('arm/deploy uses infra/azure.bicep with infra/azure.parameters.json', () => {
    const arm = loadYaml('teamsapp.yml').provision.find((s) => s.uses === 'arm/deploy')!;
    const templates = arm.with!.templates as { path: string; parameters: string }[];
    expect(templates).toEqual([expect.objectContaining({ path: './infra/azure.bicep', parameters: './infra/azure.parameters.json' })]);
    for (const t of templates) {
      expect(fs.existsSync(path.join(ROOT, t.path))).toBe(true);
      expect(fs.existsSync(path.join(ROOT, t.parameters))).toBe(true);
    }
  });

  test('deploy builds with dev dependencies, ships without them, to the web app from provision', () => {
    const d = loadYaml('teamsapp.yml').deploy;
    expect(d.filter((s) => s.uses === 'cli/runNpmCommand').map((s) => s.with!.args)).toEqual(['ci', 'run build', 'prune --omit=dev']);
    const zip = d.find((s) => s.uses === 'azureAppService/zipDeploy')!;
    expect(zip.with!.resourceId).toBe('${{BOT_AZURE_APP_SERVICE_RESOURCE_ID}}');
    const ignore = read(String(zip.with!.ignoreFile));
    expect(ignore).toMatch(/^env\/\.env\*$/m);
    expect(ignore).not.toMatch(/^dist\/?$/m);
    expect(ignore).not.toMatch(/^node_modules\/?$/m);
    // BOT_AZURE_APP_SERVICE_RESOURCE_ID and BOT_ID (manifest) are outputs of the template.
    const outputs = stripComments(read('infra/azure.bicep'));
    for (const o of ['BOT_AZURE_APP_SERVICE_RESOURCE_ID', 'BOT_ID', 'BOT_DOMAIN', 'BOT_ENDPOINT', 'BOT_TENANT_ID']) expect(outputs).toMatch(new RegExp(`^output\\s+${o}\\s`, 'm'));
  });

  test('no Entra app or client secret for the Azure bot: the managed identity is its credential', () => {
    const p = loadYaml('teamsapp.yml');
    expect(uses(p.provision)).not.toContain('aadApp/create');
    expect(uses(p.provision)).not.toContain('botAadApp/create');
  });
});

describe('teamsapp.local.yml (dev tunnel)', () => {
  test('parses, v1.x, provision registers the bot at the tunnel, deploy writes env/.env.local.user', () => {
    const p = loadYaml('teamsapp.local.yml');
    expect(p.version).toMatch(/^v1\.\d+$/);
    expect(uses(p.provision)).toEqual(expect.arrayContaining(['teamsApp/create', 'aadApp/create', 'botFramework/create', 'teamsApp/validateManifest', 'teamsApp/zipAppPackage', 'teamsApp/update']));
    const bf = p.provision.find((s) => s.uses === 'botFramework/create')!;
    expect(bf.with!.messagingEndpoint).toBe('${{BOT_ENDPOINT}}/api/messages');
    expect(bf.with!.channels).toEqual([{ name: 'msteams' }]);
    const aad = p.provision.find((s) => s.uses === 'aadApp/create')!;
    expect(aad.writeToEnvironmentFile!.clientSecret).toMatch(/^SECRET_/);
    expect(aad.with!.signInAudience).toBe('AzureADMyOrg');
    const envFile = p.deploy.find((s) => s.uses === 'file/createOrUpdateEnvironmentFile')!;
    expect(envFile.with!.target).toBe('./env/.env.local.user');
    const envs = envFile.with!.envs as Record<string, string>;
    expect(envs).toMatchObject({ BOT_ID: '${{BOT_ID}}', BOT_PASSWORD: '${{SECRET_BOT_PASSWORD}}', BOT_TYPE: 'SingleTenant', BOT_TENANT_ID: '${{BOT_TENANT_ID}}' });
    // The target is git-ignored (env/.env.*.user), so the plain secret written there is never committed.
    expect(read('.gitignore')).toMatch(/^env\/\.env\.\*\.user$/m);
  });

  test('every secret-looking value in both files is a ${{…}} placeholder', () => {
    for (const file of ['teamsapp.yml', 'teamsapp.local.yml']) {
      const walk = (node: unknown, key = ''): void => {
        if (Array.isArray(node)) node.forEach((n) => walk(n, key));
        else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k);
        else if (typeof node === 'string' && /password|secret/i.test(key)) expect(`${file}:${key}=${node}`).toMatch(/=(\$\{\{SECRET_[A-Z0-9_]+\}\}|SECRET_[A-Z0-9_]+)$/);
      };
      walk(loadYaml(file));
    }
  });
});

// ---- the README quick start is not ours to change (docs/deploy.md only adds to it) -------------------------------------------------------

describe('README', () => {
  test('the quick start still says `npm ci && npm start` and `npm ci && npm test` (the deployment guide builds on it)', () => {
    const readme = read('README.md');
    const start = readme.indexOf('## Quick start');
    expect(start).toBeGreaterThanOrEqual(0);
    const end = readme.indexOf('\n## ', start + 1);
    const section = readme.slice(start, end < 0 ? undefined : end);
    expect(section).toContain('npm ci && npm start');
    expect(section).toContain('npm ci && npm test');
  });
});
