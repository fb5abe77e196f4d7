import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { PlaygroundConfigError, approverPlayground, parsePlaygroundYaml, readPlaygroundFile } from '../../src/playground/approver-config';
import { MOCK } from './helpers/playground-session';

/** The approver's Playground config, generated from the committed one (no Playground process needed here). */
const ROOT = path.resolve(__dirname, '../..');
const committed = (): ReturnType<typeof readPlaygroundFile> => readPlaygroundFile(path.join(ROOT, '.m365agentsplayground.yml'));
const workspaces = loadConfig({ JOBOPS_CONFIG: path.join(ROOT, 'env/jobops.local.json') }, ROOT).workspaces;

it('reads the committed .m365agentsplayground.yml', () => {
  const f = committed();
  expect(f.version).toBe('0.1.1');
  expect(f.currentUser).toMatchObject(MOCK.users.alice);
  expect(f.users).toHaveLength(5);
  expect(f.personalChat?.id).toBe(MOCK.personalChat);
  expect(f.team?.channels?.map((c) => c.id)).toEqual([MOCK.approvals]);
});

it('makes the prod approver the current user, with conversation ids of its own', () => {
  const a = approverPlayground(committed(), workspaces)!;
  expect(a).toMatchObject({ workspace: 'prod', requester: { id: MOCK.users.alice.id }, approver: { id: MOCK.users.marco.id } });
  expect(a.config.currentUser).toMatchObject(MOCK.users.marco);
  expect(a.config.users.map((u) => u.id)).toEqual(committed().users.map((u) => (u.id === MOCK.users.marco.id ? MOCK.users.alice.id : u.id)));
  expect(a.personalChatId).toBe('a:jobops-personal-marco');
  expect(a.config.personalChat?.id).toBe(a.personalChatId);
  expect(a.config.groupChat?.id).toBe('19:jobops-group-marco@thread.v2');
  expect(a.config.team?.id).toBe('19:mlops-general-marco@thread.tacv2');
  expect(a.config.team?.channels?.map((c) => c.id)).toEqual(['19:mlops-approvals-marco@thread.tacv2']);
  // Names, tenant and bot stay the same mock tenant.
  expect(a.config.groupChat?.name).toBe('ML on-call');
  expect(a.config.tenantId).toBe(committed().tenantId);
});

it('no approver among the mock users (or only the current user): no second Playground', () => {
  const prodOnlyAlice = { ...workspaces, prod: { ...workspaces.prod!, approvers: [MOCK.users.alice.aadObjectId] } };
  expect(approverPlayground(committed(), prodOnlyAlice)).toBeUndefined();
  expect(approverPlayground(committed(), { dev: workspaces.dev! })).toBeUndefined();
});

it('reads YAML with a real parser and turns malformed input into a clear config error', () => {
  expect(parsePlaygroundYaml('a: 1\nb: "x # y" # c\nc:\n  - k: v\n    n: true\n  - plain\nd: \'it\'\'s\'\ne: [1, 2]\n')).toEqual({ a: 1, b: 'x # y', c: [{ k: 'v', n: true }, 'plain'], d: "it's", e: [1, 2] });
  for (const bad of ['a: 1\n---\nb: 2', 'a:\n\tb: 1', 'a: 1\na: 2', 'a: "unterminated', 'a: [1, 2']) {
    expect(() => parsePlaygroundYaml(bad, 'x.yml')).toThrow(PlaygroundConfigError);
  }
  expect(() => parsePlaygroundYaml('a: 1\na: 2', 'x.yml')).toThrow(/^x\.yml: /);
});

it('a config without currentUser and users is refused by name', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pg-')), 'bad.yml');
  fs.writeFileSync(file, 'just text\n');
  expect(() => readPlaygroundFile(file)).toThrow(new PlaygroundConfigError(`${file}: expected currentUser and users`));
});
