/**
 * The drawing pad: a canvas the reader writes a digit on with a mouse, pen or finger (pointer events, with
 * `touch-action: none` so a finger draws instead of scrolling the page). Its backing store is a fixed 280×280
 * (ten times MNIST's side, as in ConvNetJS's demo) whatever the device pixel ratio, so the preprocessing costs the
 * same on every screen; the ink is read from the alpha channel.
 */
import { el } from '../ui/index.js';

/** Side of the pad's backing store in pixels. */
export const PAD_SIDE = 280;

/** A mounted pad. */
export interface DrawingPad {
  element: HTMLElement;
  canvas: HTMLCanvasElement;
  /** The drawing's alpha channel (RGBA bytes; read every 4th from 3). */
  pixels(): Uint8ClampedArray;
  /** Wipes the drawing. */
  clear(): void;
  /** True when nothing is drawn. */
  readonly blank: boolean;
  destroy(): void;
}

/**
 * Creates the pad. `onInk` runs (at most once per animation frame) while the reader draws and once when a stroke
 * ends, so the prediction follows the pen.
 */
export function createDrawingPad(options: { label: string; onInk(final: boolean): void; ink(): string }): DrawingPad {
  const canvas = el('canvas', 'cnn-pad');
  canvas.width = PAD_SIDE;
  canvas.height = PAD_SIDE;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', options.label);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  let drawing = false;
  let blank = true;
  let last: { x: number; y: number } | undefined;
  let frame = 0;

  const point = (e: PointerEvent): { x: number; y: number } => {
    const r = canvas.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * PAD_SIDE, y: ((e.clientY - r.top) / r.height) * PAD_SIDE };
  };
  const strokeTo = (p: { x: number; y: number }): void => {
    ctx.strokeStyle = options.ink();
    ctx.fillStyle = ctx.strokeStyle;
    // ~1/14 of the pad: a digit drawn across most of it becomes MNIST's 2–3 px stroke at 20 px.
    ctx.lineWidth = PAD_SIDE / 14;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    if (!last) {
      ctx.beginPath();
      ctx.arc(p.x, p.y, ctx.lineWidth / 2, 0, Math.PI * 2);
      ctx.fill();
    } else {
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
    }
    last = p;
    blank = false;
  };
  const schedule = (): void => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      options.onInk(false);
    });
  };
  const down = (e: PointerEvent): void => {
    if (e.button !== 0 && e.pointerType === 'mouse') return;
    e.preventDefault();
    try {
      canvas.setPointerCapture(e.pointerId);
    } catch {
      // A pointer the browser does not track (a synthetic event): draw without capture.
    }
    drawing = true;
    last = undefined;
    strokeTo(point(e));
    schedule();
  };
  const move = (e: PointerEvent): void => {
    if (!drawing) return;
    e.preventDefault();
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    for (const c of events.length > 0 ? events : [e]) strokeTo(point(c));
    schedule();
  };
  const up = (e: PointerEvent): void => {
    if (!drawing) return;
    drawing = false;
    last = undefined;
    if (canvas.hasPointerCapture?.(e.pointerId)) canvas.releasePointerCapture(e.pointerId);
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    options.onInk(true);
  };
  canvas.addEventListener('pointerdown', down);
  canvas.addEventListener('pointermove', move);
  canvas.addEventListener('pointerup', up);
  canvas.addEventListener('pointercancel', up);

  const element = el('div', 'cnn-pad-wrap');
  element.append(canvas);
  return {
    element,
    canvas,
    pixels: () => ctx.getImageData(0, 0, PAD_SIDE, PAD_SIDE).data,
    clear() {
      ctx.clearRect(0, 0, PAD_SIDE, PAD_SIDE);
      blank = true;
    },
    get blank() {
      return blank;
    },
    destroy() {
      if (frame) cancelAnimationFrame(frame);
      canvas.removeEventListener('pointerdown', down);
      canvas.removeEventListener('pointermove', move);
      canvas.removeEventListener('pointerup', up);
      canvas.removeEventListener('pointercancel', up);
    },
  };
}
