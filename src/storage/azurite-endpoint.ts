import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * `<location>/endpoint.json` tells other local processes (the `jobops audit` CLI) where the
 * Azurite serving that data folder listens, so they read through it instead of opening the
 * same files with a second Azurite.
 */
export const ENDPOINT_FILE = 'endpoint.json';

const endpointSchema = z.object({ connectionString: z.string().min(1), pid: z.number().int().positive() });
export type AzuriteEndpoint = z.infer<typeof endpointSchema>;

export function endpointPath(location: string): string {
  return path.join(path.resolve(location), ENDPOINT_FILE);
}

/** Written with mode 0600: the dev account key is public, but the file names a local port. */
export function writeEndpoint(location: string, endpoint: AzuriteEndpoint): void {
  fs.writeFileSync(endpointPath(location), `${JSON.stringify(endpoint)}\n`, { mode: 0o600 });
}

/** Removes the file only if it still describes `pid`; a newer Azurite may have replaced it. */
export function removeEndpoint(location: string, pid: number): void {
  const current = readEndpoint(location);
  if (current?.pid !== pid) return;
  try {
    fs.unlinkSync(endpointPath(location));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Undefined when absent or unreadable: a broken file must not stop anyone, it is only a hint. */
export function readEndpoint(location: string): AzuriteEndpoint | undefined {
  let raw: string;
  try {
    raw = fs.readFileSync(endpointPath(location), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = endpointSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Signal 0 checks existence without touching the process; EPERM still means "alive". */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
