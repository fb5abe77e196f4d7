import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Logger } from 'pino';

/**
 * Starts the Microsoft 365 Agents Playground (a devDependency) as a child process pointed at the bot.
 * A dev tool for anonymous local mode only: it listens on all interfaces (it has no host option) and talks
 * to the bot without tokens. Only the composition root imports this, and only when asked to.
 */
export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  endpoint: string;
  /** 0 = any free port. An occupied port makes the Playground pick a random one (we report the real one). */
  port: number;
  /** The mock tenant, users, chats and team (`.m365agentsplayground.yml`). */
  configFile: string;
  /** Where the Playground writes its own log (it logs to a file, not to a pipe). */
  logFile: string;
  logger: Logger;
  /** Names this Playground in the bot's log when there are two (requester, approver). */
  label?: string;
  /** How long to wait for "Listening on <port>" (default 20 s). */
  timeoutMs?: number;
}

export interface RunningPlayground {
  /** What a person opens: the Playground prints localhost too. */
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export class PlaygroundStartError extends Error {
  override name = 'PlaygroundStartError';
}

/**
 * The Playground has no host option and listens on every interface; we start only loopback services, so its node
 * gets this preload: a listen() without a host binds to 127.0.0.1 instead of all interfaces.
 */
const LOOPBACK_ONLY = `data:text/javascript,${encodeURIComponent(`
import net from 'node:net';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...a) {
  if (typeof a[0] === 'number' || (typeof a[0] === 'string' && /^\\d+$/.test(a[0]))) {
    if (typeof a[1] !== 'string') a.splice(1, a[1] === undefined || a[1] === null ? 1 : 0, '127.0.0.1');
  } else if (a[0] && typeof a[0] === 'object' && a[0].path === undefined && !a[0].host) {
    a[0] = { ...a[0], host: '127.0.0.1' };
  }
  return listen.apply(this, a);
};
`)}`;

/** The package's JS entry, run with our own node: no shell, no PATH lookup, works the same on every OS. */
export function playgroundEntry(): string {
  const pkg = require.resolve('@microsoft/m365agentsplayground/package.json');
  return path.join(path.dirname(pkg), 'cli.js');
}

export async function startPlayground(o: PlaygroundOptions): Promise<RunningPlayground> {
  let entry: string;
  try {
    entry = playgroundEntry();
  } catch {
    throw new PlaygroundStartError('@microsoft/m365agentsplayground is not installed (it is a devDependency: run `npm ci`)');
  }
  if (!fs.existsSync(o.configFile)) throw new PlaygroundStartError(`no Playground config at ${o.configFile}`);
  fs.mkdirSync(path.dirname(o.logFile), { recursive: true });
  const args = ['--import', LOOPBACK_ONLY, entry, '-e', o.endpoint, '-c', 'msteams', '-p', String(o.port), '--disable-telemetry'];
  const child = spawn(process.execPath, args, {
    cwd: path.dirname(o.configFile),
    // A minimal environment on purpose: the bot's own settings (secrets, connection strings) are none of its business.
    env: {
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: o.configFile,
      M365_AGENTS_PLAYGROUND_LOGFILE: o.logFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = o.logger.child({ component: 'playground', ...(o.label ? { playground: o.label } : {}) });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  // If the bot dies without stopping us, do not leave the Playground holding its port.
  process.once('exit', killOnExit);

  try {
    const port = await waitForPort(child, log, o.timeoutMs ?? 20_000);
    // It prints "Listening" before reading its config, and exits on a bad one: wait until it actually serves.
    await waitUntilServing(port, exited, o.logFile);
    let stopping = false;
    void exited.then((code) => {
      process.removeListener('exit', killOnExit);
      if (!stopping) log.warn({ code }, 'the Agents Playground exited; the bot keeps running');
    });
    return {
      url: `http://localhost:${port}`,
      port,
      pid: child.pid ?? -1,
      async stop() {
        stopping = true;
        await stopChild(child, exited);
      },
    };
  } catch (err) {
    await stopChild(child, exited);
    process.removeListener('exit', killOnExit);
    throw err;
  }
}

/** The Playground writes exactly "Listening on <port>" to a non-TTY stdout; everything else goes to its log file. */
function waitForPort(child: ChildProcess, log: Logger, timeoutMs: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const tail: string[] = [];
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string): void => {
      clearTimeout(timer);
      reject(new PlaygroundStartError(`the Agents Playground ${why}${tail.length ? `: ${tail.join(' | ')}` : ''}`));
    };
    const onLine = (stream: string) => (line: string): void => {
      log.debug({ stream }, line);
      tail.push(line);
      if (tail.length > 5) tail.shift();
      const m = /^Listening on (\d+)/.exec(line.trim());
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    if (child.stdout) readline.createInterface({ input: child.stdout }).on('line', onLine('stdout'));
    if (child.stderr) readline.createInterface({ input: child.stderr }).on('line', onLine('stderr'));
    child.once('error', (err) => fail(`could not be spawned (${err.message})`));
    child.once('exit', (code, signal) => fail(`exited before listening (code ${code ?? signal})`));
  });
}

async function waitUntilServing(port: number, exited: Promise<number | null>, logFile: string): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (let i = 0; i < 50 && !gone; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false);
    if (ok && !gone) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new PlaygroundStartError(`the Agents Playground stopped after start-up: ${errorLines(logFile) || `see ${logFile}`}`);
}

/** Its own log says why (e.g. "Failed to parse config file …"). */
function errorLines(logFile: string): string {
  try {
    return fs.readFileSync(logFile, 'utf8').split('\n').filter((l) => l.startsWith('error ')).slice(0, 3).map((l) => l.slice(6)).join(' ');
  } catch {
    return '';
  }
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const done = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 3000).unref())]);
  if (!done) {
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * What Teams does when the app is installed for a user: an installationUpdate from that user in their personal
 * chat, which makes the bot store the chat's conversation reference, so it can post there before the person has
 * said anything. Sent with the Playground's own "mock an activity" API (its template for an install, so the
 * serviceUrl, tenant and ids are the Playground's), plus the user's display name: the Playground, like Teams,
 * leaves `from.name` out of installation and membership events, and the bot shows whatever name it first stores.
 */
export async function announceInstallation(port: number, conversationId: string, userName?: string): Promise<void> {
  const base = `http://127.0.0.1:${port}/_internal/v1/customActivities`;
  const signal = AbortSignal.timeout(5_000);
  const res = await fetch(`${base}/template?type=install&conversationId=${encodeURIComponent(conversationId)}`, { signal });
  if (!res.ok) throw new PlaygroundStartError(`the Agents Playground has no install template for ${conversationId} (${res.status})`);
  const activity = (await res.json()) as { from?: Record<string, unknown> };
  if (userName) activity.from = { ...activity.from, name: userName };
  const sent = await fetch(base, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity), signal });
  if (!sent.ok) throw new PlaygroundStartError(`the Agents Playground refused the installation in ${conversationId} (${sent.status})`);
}
