/**
 * A CPU profile of the JobOps bot process while it answers `list` and `show` (issue 13, "profile before and after"):
 * the emulator in its own process with 100 ms injected latency, the bot started with `--cpu-prof`, 5 closed-loop
 * conversations per command for PROFILE_MS each. Writes the .cpuprofile into PROFILE_DIR (default a temp folder) and
 * prints where it is. `node --import tsx bench/profile-reply.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BotClient, firstCard } from './lib/bot-client';
import { spawnBench, spawnBot } from './lib/bot-runner';
import { EmulatorControl } from './lib/emulator-control';

const MS = Number(process.env.PROFILE_MS ?? 8_000);
const DIR = process.env.PROFILE_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'jobops-profile-'));

async function loop(url: string, text: string, vus: number, ms: number): Promise<number> {
  const end = Date.now() + ms;
  let n = 0;
  await Promise.all(Array.from({ length: vus }, async (_, i) => {
    const c = new BotClient(url, `a:profile-${text.replace(/\W/g, '')}-${i}`);
    while (Date.now() < end) {
      firstCard(await c.send(text));
      n++;
    }
  }));
  return n;
}

async function main(): Promise<void> {
  const emulator = await spawnBench('bench/emulator-process.ts');
  try {
    const bot = await spawnBot(['--cpu-prof', `--cpu-prof-dir=${DIR}`], { BENCH_ARM_ENDPOINT: emulator.url });
    try {
      await new EmulatorControl(emulator.url).setLatency(100);
      for (const text of ['list', 'show train-resnet50-nightly']) {
        await loop(bot.url, text, 5, 1_000);
        console.log(`${text}: ${await loop(bot.url, text, 5, MS)} replies`);
      }
    } finally {
      await bot.stop();
    }
  } finally {
    await emulator.stop();
  }
  console.log(`profile in ${DIR}: ${fs.readdirSync(DIR).join(', ')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
