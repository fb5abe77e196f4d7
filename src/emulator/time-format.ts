/** The several timestamp dialects Azure ML mixes in one job (see azureml-facts.md "Timings"). */

/** .NET round-trip style used by ARM systemData and run history: `2023-02-12T04:58:36.9345759+00:00`. */
export function dotnetIso(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2023-02-12T04:58:36.934Z
  return `${iso.slice(0, 23)}0000+00:00`;
}

/** `properties.properties.StartTimeUtc` style: no `T`, no zone. */
export function armPropertyTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** .NET TimeSpan `[d.]hh:mm:ss.fffffff`, used for duration and computeDuration. */
export function timeSpan(ms: number): string {
  const total = Math.max(0, Math.floor(ms));
  const days = Math.floor(total / 86_400_000);
  const h = Math.floor((total % 86_400_000) / 3_600_000);
  const m = Math.floor((total % 3_600_000) / 60_000);
  const s = Math.floor((total % 60_000) / 1000);
  const frac = String(total % 1000).padStart(3, '0') + '0000';
  const hms = `${pad2(h)}:${pad2(m)}:${pad2(s)}.${frac}`;
  return days > 0 ? `${days}.${hms}` : hms;
}

/** Log line prefix in the style of the Azure ML execution wrapper: `2025-06-02 08:20:01.123456`. */
export function logStamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
}

/** `[2019-05-19 07:03:50Z]` as in pipeline executionlogs.txt. */
export function bracketStamp(ms: number): string {
  return `[${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z]`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
