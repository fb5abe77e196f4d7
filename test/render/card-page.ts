/**
 * A tiny page that renders Adaptive Cards the way Teams does: the official `adaptivecards` bundle,
 * the Teams light host config (as used by the Microsoft 365 Agents Playground, vendored in
 * teams-host-config.json), Teams-like CSS around it, at phone width.
 */
import { Browser, Page, chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../helpers/browser';
import hostConfig from './teams-host-config.json';

export const CARD_WIDTH = 400;

/** playwright's launch() always starts Chromium with a fresh, empty temporary profile (it refuses --user-data-dir). */
export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Teams chat surroundings: grey canvas, white card with Teams' radius and shadow, Teams buttons. */
const TEAMS_CSS = `
  body { margin: 0; padding: 12px; background: #f5f5f5; font-family: 'Segoe UI', 'Liberation Sans', 'DejaVu Sans', sans-serif, 'Noto Color Emoji'; }
  #stage { width: ${CARD_WIDTH}px; }
  .card-frame { background: #fff; border-radius: 6px; box-shadow: 0 1px 2px rgba(0,0,0,.14), 0 0 2px rgba(0,0,0,.12); overflow: hidden; }
  .ac-pushButton { font-family: inherit; font-size: 14px; font-weight: 600; color: #242424; background: #fff; border: 1px solid #d1d1d1;
    border-radius: 4px; padding: 5px 12px; min-height: 32px; cursor: pointer; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
  .ac-pushButton.style-positive { background: #5b5fc7; border-color: #5b5fc7; color: #fff; }
  .ac-pushButton.style-destructive { color: #c4314b; border-color: #c4314b; }
  .ac-textInput { font-family: inherit; font-size: 14px; border: 1px solid #d1d1d1; border-bottom-color: #616161; border-radius: 4px; padding: 5px 8px; }
  .ac-selectable { cursor: pointer; }
  .ac-selectable:hover { background: rgba(0,0,0,.04); }
`;

export async function openCardPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: CARD_WIDTH + 24, height: 800 }, deviceScaleFactor: 1 });
  // No network at all: the page is self-contained.
  await page.route('**/*', (route) => route.abort());
  await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>${TEAMS_CSS}</style></head><body><div id="stage"></div></body></html>`);
  await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.min.js') });
  return page;
}

export interface ParseEvent {
  phase: string;
  event: string;
  message: string;
}

export interface ExecutedAction {
  type: string;
  title?: string;
  verb?: string;
  data?: unknown;
  url?: string;
}

export interface RenderResult {
  /** Parse-phase events from the SerializationContext (unknown types, bad values, too-new properties). */
  parseEvents: ParseEvent[];
  /** card.validateProperties() failures. */
  validationEvents: ParseEvent[];
  /** Elements whose box sticks out of the card horizontally (text overflow, wide columns). */
  overflows: string[];
  buttons: number;
}

/**
 * Parses and renders one card into #stage (replacing the previous one). Runs in the page: only
 * serialisable values cross the boundary; the AdaptiveCards bundle is a page global.
 */
/** The little of the DOM the in-page code uses (the project compiles without the DOM library). */
interface El {
  className: string;
  textContent: string | null;
  innerHTML: string;
  getBoundingClientRect(): { right: number; width: number };
  querySelectorAll(sel: string): { length: number; forEach(fn: (el: El) => void): void };
  appendChild(child: El): void;
}
interface PageGlobals {
  AdaptiveCards: Record<string, unknown>;
  __executed: unknown[];
  document: { getElementById(id: string): El | null; createElement(tag: string): El };
}

export async function renderCard(page: Page, json: unknown): Promise<RenderResult> {
  return page.evaluate(({ json, hostConfig }) => {
    const window = globalThis as unknown as PageGlobals;
    const document = window.document;
    type Ev = { phase: number; event: number; message: string };
    type AnyCtor = new (...args: unknown[]) => Record<string, unknown>;
    const AC = window.AdaptiveCards;
    const enums = { phase: AC.ValidationPhase as Record<number, string>, event: AC.ValidationEvent as Record<number, string> };
    const named = (e: Ev) => ({ phase: enums.phase[e.phase] ?? String(e.phase), event: enums.event[e.event] ?? String(e.event), message: e.message });
    const versions = AC.Versions as Record<string, unknown>;
    const card = new (AC.AdaptiveCard as AnyCtor)();
    card.hostConfig = new (AC.HostConfig as AnyCtor)(hostConfig);
    // Teams renders 1.5: anything newer is reported as unsupported.
    const ctx = new (AC.SerializationContext as AnyCtor)(versions.v1_5);
    (card.parse as (j: unknown, c: unknown) => void)(json, ctx);
    const parseEvents = [];
    for (let i = 0; i < (ctx.eventCount as number); i++) parseEvents.push(named((ctx.getEventAt as (n: number) => Ev)(i)));
    const validation = (card.validateProperties as () => { validationEvents: Ev[] })();
    const w = window;
    w.__executed = [];
    card.onExecuteAction = (a: Record<string, unknown>) => {
      w.__executed.push({
        type: (a.getJsonTypeName as () => string)(), title: a.title, verb: a.verb,
        data: a.data === undefined ? undefined : JSON.parse(JSON.stringify(a.data)), url: a.url,
      });
    };
    const stage = document.getElementById('stage')!;
    stage.innerHTML = '';
    const frame = document.createElement('div');
    frame.className = 'card-frame';
    frame.appendChild((card.render as () => El)());
    stage.appendChild(frame);
    const right = frame.getBoundingClientRect().right;
    const overflows: string[] = [];
    frame.querySelectorAll('*').forEach((el) => {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > right + 1) overflows.push(`.${el.className}: "${(el.textContent ?? '').slice(0, 60)}" ends at ${Math.round(r.right)} > ${Math.round(right)}`);
    });
    return {
      parseEvents, validationEvents: validation.validationEvents.map(named), overflows,
      buttons: frame.querySelectorAll('button.ac-pushButton').length,
    };
  }, { json, hostConfig });
}

export async function executed(page: Page): Promise<ExecutedAction[]> {
  return page.evaluate(() => (globalThis as unknown as { __executed: ExecutedAction[] }).__executed);
}
