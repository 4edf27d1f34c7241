// Draws the Teams app icons (a flag on a pole: "raise a red flag") into manifest/.
//   color.png   192×192, the mark on the accent colour (full bleed; Teams rounds the corners)
//   outline.png  32×32, the mark in white on transparent, as Teams requires
// Shapes are filled with 8×8 supersampling, so edges are anti-aliased. Run: npx ts-node --transpile-only scripts/icons.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

type Point = readonly [number, number];
type Rgb = readonly [number, number, number];
interface Shape {
  polygon: Point[];
  color: Rgb;
}

export const ACCENT_COLOR = '#464EB8';
const ACCENT: Rgb = [0x46, 0x4e, 0xb8];
const WHITE: Rgb = [255, 255, 255];
const CORAL: Rgb = [0xff, 0x6b, 0x6b];

/** A rectangle as a polygon, in unit coordinates. */
function rect(x0: number, y0: number, x1: number, y1: number): Point[] {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
}

/** A swallow-tailed pennant hanging from the pole at x0, between y0 and y1. */
function pennant(x0: number, y0: number, x1: number, y1: number, notch: number): Point[] {
  const mid = (y0 + y1) / 2;
  return [
    [x0, y0],
    [x1, y0],
    [x1 - notch, mid],
    [x1, y1],
    [x0, y1],
  ];
}

function inside(polygon: Point[], x: number, y: number): boolean {
  let hit = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i] as Point;
    const [xj, yj] = polygon[j] as Point;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** Paints shapes in order over a background (null: transparent) and returns the PNG bytes. */
export function draw(size: number, background: Rgb | null, shapes: Shape[], samples = 8): Buffer {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // Straight (non-premultiplied) compositing of each shape's coverage over what is below.
      let [r, g, b] = background ?? [255, 255, 255];
      let a = background ? 1 : 0;
      for (const shape of shapes) {
        let hits = 0;
        for (let sy = 0; sy < samples; sy++) {
          for (let sx = 0; sx < samples; sx++) {
            const x = (px + (sx + 0.5) / samples) / size;
            const y = (py + (sy + 0.5) / samples) / size;
            if (inside(shape.polygon, x, y)) hits++;
          }
        }
        const cover = hits / (samples * samples);
        if (cover === 0) continue;
        const outA = cover + a * (1 - cover);
        const mix = (top: number, below: number) => (top * cover + below * a * (1 - cover)) / outA;
        [r, g, b] = [mix(shape.color[0], r), mix(shape.color[1], g), mix(shape.color[2], b)];
        a = outA;
      }
      const i = (py * size + px) * 4;
      png.data[i] = Math.round(r);
      png.data[i + 1] = Math.round(g);
      png.data[i + 2] = Math.round(b);
      png.data[i + 3] = Math.round(a * 255);
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

export function colorIcon(): Buffer {
  return draw(192, ACCENT, [
    { polygon: rect(0.31, 0.2, 0.37, 0.82), color: WHITE },
    { polygon: rect(0.25, 0.78, 0.43, 0.82), color: WHITE },
    { polygon: pennant(0.37, 0.22, 0.76, 0.54, 0.12), color: CORAL },
  ]);
}

export function outlineIcon(): Buffer {
  // Pole and pennant snapped to whole pixels at 32 px so the small icon stays crisp.
  const px = (n: number) => n / 32;
  return draw(32, null, [
    { polygon: rect(px(8), px(3), px(11), px(29)), color: WHITE },
    { polygon: rect(px(5), px(27), px(14), px(29)), color: WHITE },
    { polygon: pennant(px(11), px(4), px(28), px(18), px(5)), color: WHITE },
  ]);
}

if (require.main === module) {
  const dir = join(__dirname, '..', 'manifest');
  writeFileSync(join(dir, 'color.png'), colorIcon());
  writeFileSync(join(dir, 'outline.png'), outlineIcon());
  console.log(`wrote ${join(dir, 'color.png')} and ${join(dir, 'outline.png')}`);
}
