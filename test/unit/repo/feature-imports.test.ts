import fs from 'node:fs';
import path from 'node:path';

/**
 * Issue 12 point 6: commands, approvals and notifications are peers that only import downwards, and the layers
 * below the features (job services, the text command router) import no feature. What they share lives in jobs/
 * (services), text-commands/ (grammar pieces, router) or the handle store; a production cancel reaches approvals
 * through the ProductionGate that the composition root (app.ts) hands to commands.
 */
const SRC = path.resolve(__dirname, '../../../src');

const RULES: { from: string; mayNotImport: string[] }[] = [
  { from: 'commands', mayNotImport: ['approvals', 'notifications', 'message-extensions', 'actions/register-card-actions'] },
  { from: 'approvals', mayNotImport: ['commands', 'notifications', 'message-extensions', 'compare', 'actions/register-card-actions'] },
  { from: 'compare', mayNotImport: ['commands', 'approvals', 'notifications', 'message-extensions'] },
  // A run's measured evidence and the acceptance gates: what compare and promotion approvals both use.
  { from: 'evidence', mayNotImport: ['commands', 'approvals', 'notifications', 'message-extensions', 'compare', 'actions'] },
  { from: 'notifications', mayNotImport: ['commands', 'approvals', 'message-extensions', 'actions/register-card-actions'] },
  { from: 'message-extensions', mayNotImport: ['commands', 'approvals', 'notifications'] },
  { from: 'jobs', mayNotImport: ['commands', 'approvals', 'notifications', 'message-extensions', 'compare', 'actions/register-card-actions'] },
  { from: 'text-commands', mayNotImport: ['commands', 'approvals', 'notifications', 'message-extensions', 'compare', 'actions'] },
];

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Folder-relative targets (like `approvals/request-actions`) of a file's relative imports. */
export function importsOf(file: string, source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'/gm)) {
    out.push(path.relative(SRC, path.resolve(path.dirname(file), m[1]!)).split(path.sep).join('/'));
  }
  return out;
}

export function violations(files: { file: string; source: string }[]): string[] {
  const found: string[] = [];
  for (const { file, source } of files) {
    const rel = path.relative(SRC, file).split(path.sep).join('/');
    for (const rule of RULES.filter((r) => rel.startsWith(`${r.from}/`))) {
      for (const target of importsOf(file, source)) {
        const bad = rule.mayNotImport.find((b) => target === b || target.startsWith(`${b}/`));
        if (bad) found.push(`${rel} imports ${target}`);
      }
    }
  }
  return found;
}

describe('feature folders import only downwards', () => {
  it('no feature imports a peer feature, and nothing below the features imports one', () => {
    const files = filesUnder(SRC).map((file) => ({ file, source: fs.readFileSync(file, 'utf8') }));
    expect(files.length).toBeGreaterThan(100);
    expect(violations(files)).toEqual([]);
  });

  it('the check catches an arrow back up (planted examples)', () => {
    const planted = [
      { file: path.join(SRC, 'commands/x.ts'), source: "import { requestPromotion } from '../approvals/request-actions';\n" },
      { file: path.join(SRC, 'notifications/delivery/y.ts'), source: "import { showJob } from '../../commands/show-job';\n" },
      { file: path.join(SRC, 'jobs/z.ts'), source: "export { notificationCommands } from '../notifications/subscription-commands';\n" },
      { file: path.join(SRC, 'commands/ok.ts'), source: "import { findJob } from '../jobs/find-job';\nimport { JOB_HANDLE_TTL_MS } from '../actions/handle-store';\n" },
    ];
    expect(violations(planted)).toEqual([
      'commands/x.ts imports approvals/request-actions',
      'notifications/delivery/y.ts imports commands/show-job',
      'jobs/z.ts imports notifications/subscription-commands',
    ]);
  });
});
