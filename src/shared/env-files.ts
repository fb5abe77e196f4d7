import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';

/**
 * Loads env/.env.<JOBOPS_ENV or "local"> into a copy of the environment. Variables already set
 * in the process win, so operators and tests can override single settings.
 */
export function withEnvFile(env: NodeJS.ProcessEnv, cwd: string): NodeJS.ProcessEnv {
  const name = env.JOBOPS_ENV ?? 'local';
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`JOBOPS_ENV must be a simple name, got "${name}"`);
  const file = path.join(cwd, 'env', `.env.${name}`);
  if (!fs.existsSync(file)) return { ...env };
  const fromFile = dotenv.parse(fs.readFileSync(file));
  return { ...fromFile, ...env };
}
