import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BrowserContext, Page, chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, describeInBrowser } from '../helpers/browser';
import { ROOT } from '../helpers/test-bot';
import { PlaygroundSession, startPlaygroundSession } from './helpers/playground-session';

/**
 * A person's session in the Agents Playground UI, in headless Debian Chromium: type a command, see the card,
 * press a card button, see the result. Leaves test/artifacts/playground*.png for people to look at (the README's
 * screenshot is one of them). Needs /usr/bin/chromium (.ci/run installs it with apt-get).
 */
const ARTIFACTS = path.join(ROOT, 'test/artifacts');

describeInBrowser('the Playground UI in a real browser', () => {
  jest.setTimeout(60_000);
  let s: PlaygroundSession;
  let context: BrowserContext;
  let page: Page;
  let profile: string;

  beforeAll(async () => {
    s = await startPlaygroundSession();
    // A fresh profile every run: nothing cached or remembered from another session.
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'jobops-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 900 } });
    page = context.pages()[0] ?? (await context.newPage());
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await s?.stop();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  it('types `list in prod`, gets the card, presses a row to show a failed pipeline', async () => {
    await page.goto(`http://127.0.0.1:${s.playground.port}/`);
    const box = page.locator('[data-lexical-editor="true"][role="textbox"]');
    await box.waitFor({ timeout: 20_000 });
    await box.click();
    await box.pressSequentially('list in prod');
    await page.keyboard.press('Enter');

    const title = page.getByText('Jobs in prod').first();
    await title.waitFor({ timeout: 15_000 });
    // A row is a container whose select action is titled "Show"; find it by what it says.
    const row = page.getByRole('button').filter({ hasText: 'pipe-retrain-prod-16' }).first();
    await row.waitFor();
    // Show the card from its title (the chat scrolls to the bottom of a tall card).
    await title.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground-list.png') });

    // The row's select action is an Action.Execute: the Playground invokes the bot and shows the answer in place.
    await row.click();
    await page.getByText(/DataAccessError/).first().waitFor({ timeout: 15_000 });
    await page.getByText('featurize').first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground.png') });
    expect(fs.statSync(path.join(ARTIFACTS, 'playground.png')).size).toBeGreaterThan(10_000);
  });

  it('a promotion that fails an acceptance gate: the Playground draws the failed gate in red (issue 14)', async () => {
    const box = page.locator('[data-lexical-editor="true"][role="textbox"]');
    await box.click();
    await box.pressSequentially('promote train-fraud-gbm-prod-21 in prod as fraud-gbm');
    await page.keyboard.press('Enter');
    const gate = page.getByText(/❌ FAILED: latency_ms <= 40/).first();
    await gate.waitFor({ timeout: 15_000 });
    await page.getByText(/Not promoted: train-fraud-gbm-prod-21/).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground-promotion-refused.png') });
    // "Red" as the renderer drew it: the attention colour, with red clearly above green and blue.
    const [r, g, b] = (await gate.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).color)).match(/\d+/g)!.map(Number);
    expect(r! - Math.max(g!, b!)).toBeGreaterThan(60);
  });
});
