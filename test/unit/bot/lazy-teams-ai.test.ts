import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/**
 * Issue 13 (P6): loading JobOps' app and adapter must not load teams-ai's AI, sign-in and OpenAI parts (jest has its
 * own module loader, so this runs in a plain node process), and the app still answers a message.
 */
it('the app loads without botbuilder-dialogs, the recognizers, openai, gpt-tokenizer or teams-ai\'s AI, and still runs a turn', () => {
  const script = `
    const { createApp } = require('./src/app.ts');
    const { TestAdapter } = require('botbuilder');
    const heavy = () => Object.keys(require.cache).filter((k) => /botbuilder-dialogs|recognizers-text|gpt-tokenizer|[\\\\/]openai[\\\\/]|teams-ai[\\\\/]lib[\\\\/](AI|planners|models)/.test(k));
    const before = heavy();
    const { Application } = require('@microsoft/teams-ai/lib/Application');
    const app = new Application({ adapter: new TestAdapter(), removeRecipientMention: false, startTypingTimer: false });
    app.message(/hi/, async (ctx) => { await ctx.sendActivity('hello'); });
    const adapter = new TestAdapter((ctx) => app.run(ctx));
    adapter.send('hi').assertReply('hello').then(() => {
      console.log(JSON.stringify({ before, createApp: typeof createApp }));
    }, (e) => { console.error(e); process.exit(1); });
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { before: string[]; createApp: string };
  expect(r.createApp).toBe('function');
  expect(r.before).toEqual([]);
}, 90_000);
