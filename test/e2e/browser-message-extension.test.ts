import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BrowserContext, Page, chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, describeInBrowser } from '../helpers/browser';
import { ROOT } from '../helpers/test-bot';
import { studioLink } from '../helpers/compose-extension';
import { PlaygroundSession, startPlaygroundSession } from './helpers/playground-session';

/**
 * Issue 16 as a person does it in the Agents Playground UI, in headless Debian Chromium: the compose box's
 * message extension button, Search Command and Link Unfurling, the card sent into the chat, a button pressed
 * on it. Leaves test/artifacts/playground-search.png and playground-link.png (the README's picture is one).
 */
const ARTIFACTS = path.join(ROOT, 'test/artifacts');

describeInBrowser('the message extension in the Playground UI', () => {
  jest.setTimeout(90_000);
  let s: PlaygroundSession;
  let context: BrowserContext;
  let page: Page;
  let profile: string;

  beforeAll(async () => {
    s = await startPlaygroundSession();
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'jobops-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 900 } });
    page = context.pages()[0] ?? (await context.newPage());
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.goto(`http://127.0.0.1:${s.playground.port}/`);
    await page.locator('[data-lexical-editor="true"][role="textbox"]').waitFor({ timeout: 20_000 });
    await page.locator('button[aria-label="ML on-call"]').click();
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await s?.stop();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  const extension = async (command: 'Search Command' | 'Link Unfurling'): Promise<void> => {
    await page.locator('button[aria-label="Trigger Message Extension App"]').click();
    await page.getByText(command, { exact: true }).click();
  };

  it('Search Command: "failed in prod" lists the failed jobs; the chosen card is sent and its Details opens the job', async () => {
    await extension('Search Command');
    await page.getByPlaceholder('Enter a search term').fill('failed in prod');
    const result = page.getByText('pipe-retrain-prod-16', { exact: true }).first();
    await result.waitFor({ timeout: 15_000 });
    await page.getByText('❌ Failed · prod').first().waitFor();
    await result.click();
    await page.locator('button[aria-label="Send Message"]').click();
    await page.getByRole('button', { name: 'Details' }).last().click();
    // The show card replaces it in place: the pipeline's error and steps.
    await page.getByText(/DataAccessError/).first().waitFor({ timeout: 15_000 });
    await page.getByText('featurize').first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground-search.png') });
  });

  it('Link Unfurling: a Studio link becomes the job card with its failure headline, and Send puts it in the chat', async () => {
    await extension('Link Unfurling');
    await page.locator('[role="dialog"] input').first().fill(studioLink('train-fraud-gbm-prod-20', 'mlw-prod'));
    await page.locator('[role="dialog"]').getByText('Out of memory', { exact: true }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Send to Conversation' }).click();
    const sent = page.getByText('train-fraud-gbm-prod-20', { exact: true }).last();
    await sent.waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Summary' }).last().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground-link.png') });
    expect(fs.statSync(path.join(ARTIFACTS, 'playground-link.png')).size).toBeGreaterThan(10_000);
  });
});
