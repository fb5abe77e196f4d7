/**
 * Offline checks of the Teams app package (appPackage/):
 * - manifest.json is valid against the official Teams schema for its manifestVersion,
 *   vendored by @microsoft/app-manifest (no network);
 * - the icons exist with the sizes Teams requires, and outline.png is white on transparent;
 * - the bot's command menu only offers commands the bot implements.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv, { type Options } from 'ajv';
import addFormats from 'ajv-formats';
import { PNG } from 'pngjs';
import { makeColorIcon, makeOutlineIcon } from '../../../scripts/make-icons';

import { COMMAND_NAMES } from '../../../src/grammars';
import { parse } from '../../../src/grammars';
import { QUERY_PARAMETER, SEARCH_COMMAND, WORKSPACE_PARAMETER } from '../../../src/message-extensions/search-jobs';
import { parseStudioLink } from '../../../src/message-extensions/studio-link';

const ROOT = join(__dirname, '..', '..', '..');
const APP_PACKAGE = join(ROOT, 'appPackage');
const SCHEMAS = join(ROOT, 'node_modules', '@microsoft', 'app-manifest', 'build', 'json-schemas', 'teams');

/** Values the Teams Toolkit would substitute from env/.env.* at provisioning time. */
const SAMPLE_ENV: Record<string, string> = {
  TEAMS_APP_ID: '0b7e3f4a-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
  BOT_ID: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
  APP_NAME_SUFFIX: 'local',
};

const PLACEHOLDER = /\$\{\{([A-Z0-9_]+)\}\}/g;

interface Command {
  title: string;
  description?: string;
}
interface Bot {
  botId: string;
  scopes: string[];
  supportsFiles?: boolean;
  isNotificationOnly?: boolean;
  commandLists?: { scopes: string[]; commands: Command[] }[];
}
interface ComposeExtension {
  botId: string;
  commands: { id: string; type: string; initialRun?: boolean; context?: string[]; parameters: { name: string; title: string }[] }[];
  messageHandlers: { type: string; value: { domains: string[]; supportsAnonymizedPayloads?: boolean } }[];
}
interface Manifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  name: { short: string; full?: string };
  description: { short: string; full: string };
  icons: { color: string; outline: string };
  accentColor: string;
  bots: Bot[];
  composeExtensions?: ComposeExtension[];
  validDomains?: string[];
}

const rawManifest = readFileSync(join(APP_PACKAGE, 'manifest.json'), 'utf8');

function substitute(text: string): string {
  return text.replace(PLACEHOLDER, (_m, name: string) => {
    const value = SAMPLE_ENV[name];
    if (value === undefined) throw new Error(`manifest uses unknown placeholder \${{${name}}}`);
    return value;
  });
}

const manifest = JSON.parse(substitute(rawManifest)) as Manifest;

function loadSchema(version: string): Record<string, unknown> {
  const file = join(SCHEMAS, `v${version}`, 'MicrosoftTeams.schema.json');
  if (!existsSync(file)) throw new Error(`no vendored Teams schema for manifestVersion ${version} (${file})`);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function readPng(name: string): PNG {
  return PNG.sync.read(readFileSync(join(APP_PACKAGE, name)));
}

describe('appPackage/manifest.json', () => {
  it('is valid JSON with Teams Toolkit placeholders only where expected', () => {
    expect(() => JSON.parse(rawManifest) as unknown).not.toThrow();
    const raw = JSON.parse(rawManifest) as Manifest;
    expect(raw.id).toBe('${{TEAMS_APP_ID}}');
    expect(raw.bots[0]?.botId).toBe('${{BOT_ID}}');
    expect(raw.name.short).toBe('JobOps${{APP_NAME_SUFFIX}}');
    const used = [...rawManifest.matchAll(PLACEHOLDER)].map((m) => m[1]);
    expect(new Set(used)).toEqual(new Set(Object.keys(SAMPLE_ENV)));
    expect(substitute(rawManifest)).not.toMatch(/\$\{\{/);
  });

  it('points $schema at the official schema URL of its manifestVersion', () => {
    expect(manifest.manifestVersion).toMatch(/^1\.\d+$/);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/en-us/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
  });

  it('validates against the vendored official schema (ajv)', () => {
    const schema = loadSchema(manifest.manifestVersion);
    // The Teams schemas declare draft-04, which Ajv 8 core cannot load as a meta-schema.
    // They use no draft-04-only semantics (no `id` keyword, no boolean exclusiveMinimum/Maximum),
    // so validating them as Ajv's default draft is equivalent; the draft-04 cross-check is below.
    const { $schema: _dialect, ...body } = schema;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(body);
    const ok = validate(manifest);
    expect(ajv.errorsText(validate.errors, { separator: '\n' })).toBe('No errors');
    expect(ok).toBe(true);

    // The check is not vacuous: typical mistakes are rejected.
    const broken = JSON.parse(JSON.stringify(manifest)) as Manifest;
    broken.id = 'not-a-guid';
    broken.accentColor = 'blue';
    (broken.bots[0] as Bot).scopes = ['channel'];
    expect(validate(broken)).toBe(false);
    const paths = (validate.errors ?? []).map((e) => e.instancePath);
    expect(paths).toEqual(expect.arrayContaining(['/id', '/accentColor', '/bots/0/scopes/0']));
  });

  it('validates as draft-04 too, the way the Teams Toolkit validates it', () => {
    // @microsoft/app-manifest validates Teams manifests with `ajv-draft-04` (its own dependency).
    // Its entry point cannot be loaded under jest (it pulls ESM-only modules), so resolve
    // ajv-draft-04 from the package's own location, as the Toolkit does.
    const requireFromToolkit = createRequire(require.resolve('@microsoft/app-manifest'));
    const AjvDraft04 = (requireFromToolkit('ajv-draft-04') as { default: new (opts: Options) => Ajv }).default;
    const ajv = new AjvDraft04({ allErrors: true, strictTypes: false });
    addFormats(ajv, ['uri', 'email', 'regex']);
    const validate = ajv.compile(loadSchema(manifest.manifestVersion));
    const ok = validate(manifest);
    expect(ajv.errorsText(validate.errors, { separator: '\n' })).toBe('No errors');
    expect(ok).toBe(true);
  });

  it('describes JobOps', () => {
    expect(manifest.name.short).toBe('JobOpslocal');
    expect(manifest.description.full).toBe(
      'Operate Azure Machine Learning jobs from Teams: list, show, summarize logs, cancel with approval, failure notices',
    );
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(manifest.validDomains ?? []).toEqual([]);
  });

  it('has one conversational bot in personal, team and groupChat, without files', () => {
    expect(manifest.bots).toHaveLength(1);
    const bot = manifest.bots[0] as Bot;
    expect(bot.botId).toBe(SAMPLE_ENV.BOT_ID);
    expect([...bot.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.supportsFiles).toBe(false);
    expect(bot.isNotificationOnly).toBe(false);
  });

  it('offers a command list for every bot scope, with only commands the bot implements', () => {
    const bot = manifest.bots[0] as Bot;
    const lists = bot.commandLists ?? [];
    const covered = lists.flatMap((l) => l.scopes);
    expect([...covered].sort()).toEqual([...bot.scopes].sort());
    for (const list of lists) {
      const titles = list.commands.map((c) => c.title);
      // Teams allows 10 commands per scope: the menu carries the core ones; every one must be real.
      expect(titles.length).toBeLessThanOrEqual(10);
      expect(titles).toEqual(expect.arrayContaining(['help', 'list', 'show', 'summary', 'cancel']));
      expect(new Set(titles).size).toBe(titles.length);
      for (const command of list.commands) {
        expect(COMMAND_NAMES as readonly string[]).toContain(command.title);
        // The menu inserts the title as text: the parser must accept it as a command, not "did not understand".
        const parsed = parse(`${command.title} some-job`);
        expect(parsed.ok || !parsed.error.includes(`"${command.title}"`)).toBe(true);
        expect(command.description?.trim()).toBeTruthy();
        // Teams documents 128 characters for a command's description (newer schemas allow more; clients still cut).
        expect(command.description!.length).toBeLessThanOrEqual(128);
        // The override is part of promote's syntax: a menu that omits it hides how to ask past a failed gate.
        if (command.title === 'promote') expect(command.description).toContain('anyway because <reason>');
      }
    }
  });
});

describe('appPackage/manifest.json message extension (issue 16)', () => {
  const ext = manifest.composeExtensions?.[0] as ComposeExtension;

  it('is powered by the same bot, as Universal Actions on its cards require', () => {
    expect(manifest.composeExtensions).toHaveLength(1);
    expect(ext.botId).toBe(manifest.bots[0]?.botId);
  });

  it('declares the search command the bot answers, with the parameters it reads', () => {
    expect(ext.commands).toEqual([expect.objectContaining({ id: SEARCH_COMMAND, type: 'query', initialRun: true, context: ['compose'] })]);
    expect(ext.commands[0]!.parameters.map((p) => p.name)).toEqual([QUERY_PARAMETER, WORKSPACE_PARAMETER]);
  });

  it('unfurls exactly the Studio hosts the link parser accepts, and not anonymously', () => {
    expect(ext.messageHandlers).toEqual([{ type: 'link', value: { domains: ['ml.azure.com', '*.ml.azure.com'] } }]);
    // Zero-install unfurls carry no user or tenant to check, so JobOps does not opt in to them.
    expect(ext.messageHandlers[0]!.value.supportsAnonymizedPayloads).toBeUndefined();
    const wsid = '?wsid=/subscriptions/0/resourcegroups/rg/workspaces/ws';
    expect(parseStudioLink(`https://ml.azure.com/runs/j1${wsid}`)).toBeDefined();
    expect(parseStudioLink(`https://eastus2.ml.azure.com/runs/j1${wsid}`)).toBeDefined();
    // `*.` matches one label only (Learn, "Link unfurling"); the parser agrees.
    expect(parseStudioLink(`https://a.b.ml.azure.com/runs/j1${wsid}`)).toBeUndefined();
  });

  it('a malformed message extension fails the schema (the check covers this part too)', () => {
    const { $schema: _dialect, ...body } = loadSchema(manifest.manifestVersion);
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(body);
    const broken = JSON.parse(JSON.stringify(manifest)) as { composeExtensions: Record<string, unknown>[] };
    broken.composeExtensions[0]!.messageHandlers = [{ type: 'url', value: { domains: ['ml.azure.com'] } }];
    broken.composeExtensions[0]!.commands = [{ id: 'searchJobs', title: 'A title far longer than thirty-two characters' }];
    expect(validate(broken)).toBe(false);
    expect((validate.errors ?? []).map((e) => e.instancePath)).toEqual(
      expect.arrayContaining(['/composeExtensions/0/messageHandlers/0/type', '/composeExtensions/0/commands/0/title']),
    );
  });
});

describe('appPackage icons', () => {
  it('color.png is 192x192', () => {
    const png = readPng(manifest.icons.color);
    expect([png.width, png.height]).toEqual([192, 192]);
  });

  it('outline.png is 32x32 with only white and transparent pixels', () => {
    const png = readPng(manifest.icons.outline);
    expect([png.width, png.height]).toEqual([32, 32]);
    const offending: string[] = [];
    let visible = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b, a] = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]];
      if (a === 0) continue;
      visible++;
      if (r !== 255 || g !== 255 || b !== 255) offending.push(`#${i / 4}: rgba(${r},${g},${b},${a})`);
    }
    expect(offending.slice(0, 5)).toEqual([]);
    expect(visible).toBeGreaterThan(0);
  });

  it('match what scripts/make-icons.ts generates (run it after changing the design)', () => {
    expect(readPng('color.png').data.equals(makeColorIcon().data)).toBe(true);
    expect(readPng('outline.png').data.equals(makeOutlineIcon().data)).toBe(true);
  });
});
