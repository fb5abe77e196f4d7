/**
 * Generates the Teams app icons in appPackage/ deterministically (no randomness,
 * no fonts, no network): the same source always gives byte-identical PNGs.
 *
 *   node --import tsx scripts/make-icons.ts
 *
 * - color.png   192×192: rounded square with a blue→teal gradient and a white
 *               "pipeline" glyph (four nodes of a small DAG joined by edges).
 * - outline.png  32×32:  the same glyph in white on a transparent background
 *               (Teams requires only white and transparent pixels).
 *
 * Shapes are drawn as signed-distance tests with supersampling for anti-aliasing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

type Rgb = readonly [number, number, number];

/** A point in the glyph's unit box [0,1]×[0,1]. */
interface Pt {
  x: number;
  y: number;
}

const NODES: readonly Pt[] = [
  { x: 0.14, y: 0.5 }, // source
  { x: 0.5, y: 0.18 }, // upper step
  { x: 0.5, y: 0.82 }, // lower step
  { x: 0.86, y: 0.5 }, // sink
];
const EDGES: ReadonlyArray<readonly [number, number]> = [
  [0, 1],
  [0, 2],
  [1, 3],
  [2, 3],
];

const SUPERSAMPLE = 4;

const BLUE: Rgb = [0x0b, 0x53, 0x94]; // also the manifest's accentColor
const TEAL: Rgb = [0x0e, 0x8c, 0x8c];

function distToSegment(px: number, py: number, a: Pt, b: Pt): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - a.x) * dx + (py - a.y) * dy) / len2));
  return Math.hypot(px - (a.x + t * dx), py - (a.y + t * dy));
}

function node(i: number): Pt {
  const n = NODES[i];
  if (!n) throw new Error(`no node ${i}`);
  return n;
}

/** Signed distance (unit-box units) from (u, v) to the glyph's edge: negative inside. */
function glyphDistance(u: number, v: number, nodeRadius: number, edgeHalfWidth: number): number {
  let d = Infinity;
  for (const n of NODES) d = Math.min(d, Math.hypot(u - n.x, v - n.y) - nodeRadius);
  for (const [a, b] of EDGES) d = Math.min(d, distToSegment(u, v, node(a), node(b)) - edgeHalfWidth);
  return d;
}

/** Signed distance from (x, y) to a size×size square with corners rounded by radius r. */
function roundedSquareDistance(x: number, y: number, size: number, r: number): number {
  const qx = Math.abs(x - size / 2) - (size / 2 - r);
  const qy = Math.abs(y - size / 2) - (size / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/**
 * Fraction (0..1) of the pixel (px, py) covered by the shape whose signed distance
 * (in pixels, negative inside) is `dist`, sampled on a SUPERSAMPLE×SUPERSAMPLE grid.
 * Pixels whose centre is more than one pixel from the edge are fully in or out.
 */
function coverage(px: number, py: number, dist: (x: number, y: number) => number): number {
  const centre = dist(px + 0.5, py + 0.5);
  if (centre > 1) return 0;
  if (centre < -1) return 1;
  const inside = (x: number, y: number): boolean => dist(x, y) <= 0;
  let hits = 0;
  for (let sy = 0; sy < SUPERSAMPLE; sy++) {
    for (let sx = 0; sx < SUPERSAMPLE; sx++) {
      if (inside(px + (sx + 0.5) / SUPERSAMPLE, py + (sy + 0.5) / SUPERSAMPLE)) hits++;
    }
  }
  return hits / (SUPERSAMPLE * SUPERSAMPLE);
}

function setPixel(png: PNG, x: number, y: number, rgb: Rgb, alpha: number): void {
  const i = (png.width * y + x) * 4;
  png.data[i] = rgb[0];
  png.data[i + 1] = rgb[1];
  png.data[i + 2] = rgb[2];
  png.data[i + 3] = Math.round(alpha * 255);
}

export function makeColorIcon(): PNG {
  const size = 192;
  const corner = 40;
  // The glyph sits in the central area Teams keeps visible when it crops the icon.
  const glyphBox = 112;
  const glyphOrigin = (size - glyphBox) / 2;
  const png = new PNG({ width: size, height: size });
  const toUnit = (c: number): number => (c - glyphOrigin) / glyphBox;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const bg = coverage(x, y, (sx, sy) => roundedSquareDistance(sx, sy, size, corner));
      if (bg === 0) {
        setPixel(png, x, y, [0, 0, 0], 0);
        continue;
      }
      // Diagonal gradient, top-left blue to bottom-right teal.
      const t = (x + y) / (2 * (size - 1));
      const base: Rgb = [
        Math.round(BLUE[0] + (TEAL[0] - BLUE[0]) * t),
        Math.round(BLUE[1] + (TEAL[1] - BLUE[1]) * t),
        Math.round(BLUE[2] + (TEAL[2] - BLUE[2]) * t),
      ];
      const g = coverage(x, y, (sx, sy) => glyphDistance(toUnit(sx), toUnit(sy), 0.13, 0.045) * glyphBox);
      const rgb: Rgb = [
        Math.round(base[0] + (255 - base[0]) * g),
        Math.round(base[1] + (255 - base[1]) * g),
        Math.round(base[2] + (255 - base[2]) * g),
      ];
      setPixel(png, x, y, rgb, bg);
    }
  }
  return png;
}

export function makeOutlineIcon(): PNG {
  const size = 32;
  const glyphBox = 28;
  const glyphOrigin = (size - glyphBox) / 2;
  const png = new PNG({ width: size, height: size });
  const toUnit = (c: number): number => (c - glyphOrigin) / glyphBox;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Every pixel is white; only the alpha channel carries the shape.
      const a = coverage(x, y, (sx, sy) => glyphDistance(toUnit(sx), toUnit(sy), 0.115, 0.038) * glyphBox);
      setPixel(png, x, y, [255, 255, 255], a);
    }
  }
  return png;
}

function write(png: PNG, file: string): void {
  writeFileSync(file, PNG.sync.write(png, { colorType: 6, deflateLevel: 9 }));
  console.log(`wrote ${file} (${png.width}x${png.height})`);
}

if (require.main === module) {
  const dir = join(__dirname, '..', 'appPackage');
  write(makeColorIcon(), join(dir, 'color.png'));
  write(makeOutlineIcon(), join(dir, 'outline.png'));
}
