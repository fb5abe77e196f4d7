import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { removeEndpoint, writeEndpoint } from './azurite-endpoint';

/** Azurite's published development account; not a secret (it is in Microsoft's docs). */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
  connectionString: string;
  port: number;
  stop(): Promise<void>;
}

export interface AzuriteOptions {
  /** Folder for data; undefined = in memory (tests). */
  location?: string;
  port?: number;
  onLog?: (line: string) => void;
  /** Called once the child process is spawned (before it is ready), so callers can overlap other work. */
  onSpawn?: () => void;
}

/**
 * Runs Azurite's main module in a process that also watches its parent: when the parent dies without stopping it
 * (SIGKILL, a jest worker killed on timeout, a crash), the child is re-parented and closes itself with SIGINT
 * (Azurite saves its data on SIGINT) instead of living on as an orphan holding a port and a core.
 */
const ORPHAN_WATCH = [
  // With -e, process.argv is [node, main.js, ...flags]: the shape Azurite's own flag parser expects.
  'const parent = process.ppid;',
  'const watch = setInterval(() => { if (process.ppid !== parent) { clearInterval(watch); process.kill(process.pid, "SIGINT"); } }, 1000);',
  'watch.unref();',
  'require(process.argv[1]);',
].join('\n');

/**
 * Starts the official Azurite table service from node_modules as a child process on loopback.
 * A child (not in-process) keeps its memory out of the bot's RSS and dies with us.
 */
export async function startAzurite(opts: AzuriteOptions = {}): Promise<RunningAzurite> {
  let main: string;
  try {
    main = require.resolve('azurite/dist/src/table/main.js');
  } catch {
    // Azurite is a dev dependency: a production install has none and must be given real storage.
    throw new Error('Azurite is not installed (it is a dev dependency): set STORAGE_CONNECTION_STRING or run `npm ci`.');
  }
  const port = opts.port || (await freePort());
  const args = [main, '--tableHost', '127.0.0.1', '--tablePort', String(port), '--disableTelemetry', '--skipApiVersionCheck', '--silent'];
  if (opts.location) {
    fs.mkdirSync(opts.location, { recursive: true });
    args.push('--location', path.resolve(opts.location));
  } else {
    args.push('--inMemoryPersistence');
  }
  const child = spawn(process.execPath, ['-e', ORPHAN_WATCH, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  opts.onSpawn?.();
  const forget = (): void => {
    if (opts.location && child.pid) removeEndpoint(opts.location, child.pid);
  };
  const stopOnExit = (): void => {
    forget();
    // SIGINT, not SIGTERM: Azurite saves its data on SIGINT and can finish that without us.
    child.kill('SIGINT');
  };
  process.once('exit', stopOnExit);

  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Azurite did not start within 15 s: ${out.slice(-500)}`)), 15_000);
    const onData = (buf: Buffer): void => {
      out += buf.toString();
      opts.onLog?.(buf.toString().trim());
      if (out.includes('successfully started')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with code ${code}: ${out.slice(-500)}`));
    });
  });

  const connectionString = `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};TableEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};`;
  // Published so `jobops audit` reads through this Azurite instead of opening the same files twice.
  if (opts.location && child.pid) writeEndpoint(opts.location, { connectionString, pid: child.pid });
  return {
    port,
    connectionString,
    stop: () => {
      forget();
      return stopChild(child, stopOnExit);
    },
  };
}

/**
 * Azurite's table service saves its data folder only on SIGINT (otherwise every 5 s), so a
 * SIGTERM would drop the last seconds of writes — audit records among them. Ask politely,
 * then insist once it says it has closed (it may linger) or after 5 s.
 */
function stopChild(child: ChildProcess, listener: () => void): Promise<void> {
  process.removeListener('exit', listener);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    const onData = (buf: Buffer): void => {
      if (buf.toString().includes('successfully closed')) child.kill('SIGTERM');
    };
    child.stdout?.on('data', onData);
    child.once('exit', () => {
      clearTimeout(force);
      child.stdout?.off('data', onData);
      resolve();
    });
    child.kill('SIGINT');
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
