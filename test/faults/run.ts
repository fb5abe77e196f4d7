/** `npm run faults`: every fault run in turn (they compete for two cores, so never in parallel); exit 1 if any fails. */
import { report } from './lib';
import { runScaleOut } from './scale-out';
import { runT14 } from './t14-arm';
import { runT17 } from './t17-kill';
import { runT18 } from './t18-azurite';

async function main(): Promise<void> {
  const results: [string, boolean][] = [];
  for (const [name, run] of [['T17 kill -9', runT17], ['T18 storage outage', runT18], ['T14 ARM faults', runT14], ['two processes', runScaleOut]] as const) {
    const t0 = Date.now();
    console.log(`--- ${name}`);
    // Each run records its own checks (lib.ts report()); one that throws before reporting is recorded as failed here.
    results.push([name, await run().catch((err: unknown) => report(name, [{ name: 'run completed', pass: false, detail: String((err as Error).stack ?? err).slice(0, 500) }]))]);
    console.log(`--- ${name}: ${Math.round((Date.now() - t0) / 1000)} s`);
  }
  for (const [name, ok] of results) console.log(`${ok ? 'PASS' : 'FAIL'} ${name}`);
  console.log('Results: test/artifacts/faults-results.json (checked by `npm run matrix -- --with-faults`), bench/results/faults-latest.md');
  process.exitCode = results.every(([, ok]) => ok) ? 0 : 1;
}

void main();
