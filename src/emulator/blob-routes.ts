/**
 * Log blobs behind the SAS URLs of run details. Range requests are the point: a summarizer reads only the tail of
 * a 1 GiB log, so ranges (`bytes=a-b`, `bytes=a-`, `bytes=-N`, also via `x-ms-range`) and HEAD must be exact.
 */
import { ServerResponse } from 'node:http';
import { EmulatorState } from './emulator-state';
import { HttpError } from './http-util';
import { EmulatedJob } from './job-model';
import { openLog } from './log-files';
import { LogSource } from './log-source';
import { stableGuid } from './rng';
import { Route, RouteContext } from './router';

const CHUNK = 64 * 1024;

export function blobUrl(state: EmulatorState, job: EmulatedJob, logPath: string): string {
  const path = logPath.split('/').map(encodeURIComponent).join('/');
  const sig = encodeURIComponent(Buffer.from(stableGuid(`sas:${job.name}:${logPath}`)).toString('base64').slice(0, 43) + '=');
  const expiry = new Date(state.clock.now() + 3 * 3600_000).toISOString().slice(0, 19) + 'Z';
  return `${state.baseUrl}/blobs/${job.workspace}/ExperimentRun/dcid.${encodeURIComponent(job.name)}/${path}?sv=2019-07-07&sr=b&sp=r&se=${encodeURIComponent(expiry)}&sig=${sig}`;
}

type RangeResult = { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

export function parseRange(header: string | undefined, size: number): RangeResult {
  if (!header) return { kind: 'full' };
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return { kind: 'full' };
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}

async function stream(res: ServerResponse, source: LogSource, start: number, endExclusive: number): Promise<number> {
  let sent = 0;
  for (let pos = start; pos < endExclusive; pos += CHUNK) {
    if (res.destroyed) break;
    const chunk = source.read(pos, Math.min(endExclusive, pos + CHUNK));
    sent += chunk.length;
    if (!res.write(chunk)) await new Promise<void>((resolve) => {
      const done = () => { res.off('drain', done); res.off('close', done); resolve(); };
      res.on('drain', done);
      res.on('close', done);
    });
  }
  res.end();
  return sent;
}

export function blobRoutes(state: EmulatorState): Route[] {
  const serve = async (ctx: RouteContext): Promise<void> => {
    if (!ctx.query.get('sig')) throw new HttpError(403, 'AuthenticationFailed', 'Server failed to authenticate the request: missing SAS signature.');
    const dcid = ctx.params.dcid ?? '';
    const runId = dcid.startsWith('dcid.') ? dcid.slice(5) : dcid;
    const job = state.store.get(ctx.params.ws ?? '', runId);
    const now = state.clock.now();
    const source = job && openLog(state.store, job, ctx.params.path ?? '', now);
    if (!source) throw new HttpError(404, 'BlobNotFound', 'The specified blob does not exist.');
    const rangeHeader = (ctx.req.headers['x-ms-range'] ?? ctx.req.headers.range) as string | undefined;
    const range = parseRange(rangeHeader, source.size);
    const common = {
      'Accept-Ranges': 'bytes',
      'Content-Type': 'text/plain; charset=utf-8',
      'x-ms-blob-type': 'AppendBlob',
      'Last-Modified': new Date(now).toUTCString(),
      ETag: `"0x${source.size.toString(16).toUpperCase()}"`,
    };
    if (range.kind === 'unsatisfiable') {
      ctx.res.writeHead(416, { ...common, 'Content-Range': `bytes */${source.size}`, 'x-ms-error-code': 'InvalidRange', 'Content-Length': '0' });
      ctx.res.end();
      return;
    }
    const start = range.kind === 'partial' ? range.start : 0;
    const end = range.kind === 'partial' ? range.end + 1 : source.size;
    const headers: Record<string, string> = { ...common, 'Content-Length': String(end - start) };
    if (range.kind === 'partial') headers['Content-Range'] = `bytes ${start}-${end - 1}/${source.size}`;
    ctx.res.writeHead(range.kind === 'partial' ? 206 : 200, headers);
    if (ctx.req.method === 'HEAD') {
      ctx.res.end();
      return;
    }
    state.stats.served(await stream(ctx.res, source, start, end));
  };

  return [
    {
      method: ['GET', 'HEAD'],
      pattern: '/blobs/:ws/ExperimentRun/:dcid/:path*',
      target: 'dataplane',
      op: (ctx) => (ctx.req.method === 'HEAD' ? 'blobHead' : 'blobGet'),
      handle: serve,
    },
  ];
}
