import { Row } from './result';

/** Plain fixed-width table for the terminal; the README gets the same rows as Markdown. */
export function textTable(rows: Row[]): string {
  const cells = rows.map((r) => [r.bench, r.metric, r.target, `${r.measured} ${r.unit}`.trim(), r.pass === undefined ? 'info' : r.pass ? 'PASS' : 'MISS']);
  const head = ['#', 'metric', 'target', 'measured', 'result'];
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...cells.map((c) => c[i]!.length))));
  const line = (c: string[]): string => c.map((x, i) => x.padEnd(widths[i]!)).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export function markdownTable(rows: Row[]): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  const out = ['| metric | target | measured | result | note |', '|---|---|---|---|---|'];
  for (const r of rows) {
    const result = r.pass === undefined ? 'info' : r.pass ? 'pass' : '**miss**';
    out.push(`| ${esc(r.metric)} | ${esc(r.target)} | ${esc(`${r.measured} ${r.unit}`.trim())} | ${result} | ${esc(r.note ?? '')} |`);
  }
  return out.join('\n');
}
