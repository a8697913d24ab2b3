/**
 * Canvas tiles for what the net sees: feature maps (one small image per channel) and the first layer's filters.
 * Colours come from the theme (`--c-blue` for positive, `--c-red` for negative values, transparent for zero, so
 * light and dark pages both work); each layer is scaled by its own largest magnitude, so a layer's maps compare
 * with each other, and the scale is printed.
 */
import type { FeatureMap } from '../../engine/models/cnn.js';
import { cssColor, el } from '../ui/index.js';

function rgb(color: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(color.trim());
  if (m) return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
  const n = /rgba?\((\d+)[ ,]+(\d+)[ ,]+(\d+)/.exec(color);
  return n ? [Number(n[1]), Number(n[2]), Number(n[3])] : [128, 128, 128];
}

/** Theme colours read once per draw. */
export interface TilePalette {
  pos: [number, number, number];
  neg: [number, number, number];
}

/** Reads the palette from the theme's custom properties on `from`. */
export function palette(from: Element): TilePalette {
  return { pos: rgb(cssColor(from, '--c-blue', '#1d5fbf')), neg: rgb(cssColor(from, '--c-red', '#c0262d')) };
}

/**
 * Paints `count` h×w planes of `data` (plane-major) into `canvases` (one per plane, backing store h×w; CSS
 * scales them up with `image-rendering: pixelated`), with alpha = |v| / scale.
 */
export function paintPlanes(canvases: HTMLCanvasElement[], data: Float32Array, h: number, w: number, scale: number, p: TilePalette): void {
  const inv = scale > 0 ? 1 / scale : 0;
  canvases.forEach((c, k) => {
    if (c.width !== w || c.height !== h) {
      c.width = w;
      c.height = h;
    }
    const ctx = c.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(w, h);
    for (let i = 0; i < h * w; i++) {
      const v = data[k * h * w + i]!;
      const [r, g, b] = v >= 0 ? p.pos : p.neg;
      img.data[i * 4] = r;
      img.data[i * 4 + 1] = g;
      img.data[i * 4 + 2] = b;
      img.data[i * 4 + 3] = Math.min(255, Math.round(Math.abs(v) * inv * 255));
    }
    ctx.putImageData(img, 0, 0);
  });
}

/** Largest |v| of an array (0 for all zeros). */
export function maxAbs(data: Float32Array): number {
  let m = 0;
  for (let i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i]!));
  return m;
}

/** A row of tiles for one layer: a heading (name, shape, scale) and one canvas per channel. */
export interface TileRow {
  element: HTMLElement;
  update(map: FeatureMap, p: TilePalette): void;
}

/** Creates the tile row for image-like maps ([C, H, W]) or a bar row for vectors ([units], e.g. probabilities). */
export function createTileRow(title: string, description: string): TileRow {
  const element = el('div', 'cnn-layer');
  const head = el('p', 'cnn-layer-head');
  const name = el('strong', '', title);
  const info = el('span', 'demo-muted', '');
  head.append(name, ' ', info);
  const tiles = el('div', 'cnn-tiles');
  tiles.setAttribute('role', 'img');
  element.append(head, tiles);
  let canvases: HTMLCanvasElement[] = [];
  return {
    element,
    update(map, p) {
      const [c, h, w] = map.shape.length === 3 ? (map.shape as [number, number, number]) : [1, 1, map.shape[0]!];
      if (canvases.length !== c) {
        tiles.replaceChildren();
        canvases = Array.from({ length: c }, () => {
          const cv = el('canvas', map.shape.length === 3 ? 'cnn-tile' : 'cnn-tile cnn-strip');
          tiles.append(cv);
          return cv;
        });
      }
      const scale = maxAbs(map.data);
      paintPlanes(canvases, map.data, h, w, scale, p);
      info.textContent = `${description} · ${map.shape.join('×')} · scale ${scale.toPrecision(2)}`;
      tiles.setAttribute('aria-label', `${title}: ${c} map${c === 1 ? '' : 's'} of ${h}×${w}`);
    },
  };
}
