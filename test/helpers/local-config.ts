import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface LocalConfigFile {
  workspaces: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/**
 * A temporary JOBOPS_CONFIG: the local file (env/jobops.local.json) as `edit` leaves it, written to a fresh folder
 * under the OS temp dir (named from `prefix`). Returns the file's path; its folder is the caller's to remove.
 */
export function writeLocalConfig(prefix: string, edit: (cfg: LocalConfigFile) => void = () => undefined): string {
  const cfg = JSON.parse(fs.readFileSync(path.join(ROOT, 'env/jobops.local.json'), 'utf8')) as LocalConfigFile;
  edit(cfg);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), prefix)), 'jobops.json');
  fs.writeFileSync(file, JSON.stringify(cfg));
  return file;
}
