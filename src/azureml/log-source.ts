import { DataPlaneClient } from './dataplane-client';

/** Structurally the summarizer's RangeSource: the summarizer stays pure, this does the HTTP. */
export interface BlobRangeSource {
  size(): Promise<number>;
  read(start: number, endExclusive: number): Promise<Buffer>;
  /** Bytes fetched so far (for P3 and the card). */
  readonly bytesRead: number;
}

/** Preferred log files, in the order `az ml job stream` picks them (azureml-facts.md). */
const PREFERRED: RegExp[] = [
  /^user_logs\/std_log\.txt$/,
  /^user_logs\/std_log[\D]*[0]*(?:_ps)?\.txt$/,
  /^azureml-logs\/70_driver_log[\D]*[0]*\.txt$/,
  /^azureml-logs\/\d\d_.*\.txt$/,
  /^logs\/azureml\/executionlogs\.txt$/,
  /^azureml-logs\/hyperdrive\.txt$/,
  /std_log.*\.txt$/,
  /\.txt$/,
];

/** Logs that explain a failure before or around the user's process, read beside the primary log. */
const IMAGE_BUILD = /^(?:azureml-logs\/20_image_build_log[^/]*\.txt|system_logs\/.*image_build.*\.(?:txt|log))$/;
const EXECUTION_WRAPPER = /^system_logs\/lifecycler\/[^/]+\/execution-wrapper[^/]*\.(?:txt|log)$|^system_logs\/lifecycler\/execution-wrapper[^/]*\.(?:txt|log)$/;

/**
 * The logs to read for a triage, in the order Azure ML's stages ran: the image build log (when an image was built),
 * the primary log, then the execution wrapper (where out-of-memory kills are reported). At most three files.
 */
export function pickTriageFiles(logFiles: Record<string, string>): string[] {
  const names = Object.keys(logFiles).sort();
  const primary = pickLogFile(logFiles);
  const build = names.find((n) => IMAGE_BUILD.test(n));
  const wrapper = names.find((n) => EXECUTION_WRAPPER.test(n));
  return [build, primary, wrapper].filter((n, i, all): n is string => !!n && all.indexOf(n) === i);
}

export function pickLogFile(logFiles: Record<string, string>): string | undefined {
  const names = Object.keys(logFiles).sort();
  for (const re of PREFERRED) {
    const hit = names.find((n) => re.test(n));
    if (hit) return hit;
  }
  return undefined;
}

/** Ranged reads of one log blob; the size comes from a HEAD (or Content-Range when HEAD is refused). */
export function blobSource(client: DataPlaneClient, url: string): BlobRangeSource {
  let size: number | undefined;
  let bytesRead = 0;
  return {
    get bytesRead() {
      return bytesRead;
    },
    async size() {
      if (size !== undefined) return size;
      size = await client.headBlob(url);
      if (size === undefined) {
        const r = await client.readBlob(url, 'bytes=0-0');
        bytesRead += r.body.length;
        size = r.status === 416 ? 0 : (r.total ?? r.body.length);
      }
      return size;
    },
    async read(start, endExclusive) {
      if (endExclusive <= start) return Buffer.alloc(0);
      const r = await client.readBlob(url, `bytes=${start}-${endExclusive - 1}`);
      if (r.status === 416) return Buffer.alloc(0);
      // A server that ignores Range answers 200 with the whole blob; keep only what was asked.
      const body = r.status === 200 ? r.body.subarray(start, endExclusive) : r.body;
      bytesRead += r.body.length;
      return body;
    },
  };
}
