/**
 * Turns a digit a reader drew (a grey image of any size, e.g. a 280×280 canvas's alpha channel) into the 28×28
 * input the MNIST net was trained on, the way MNIST itself was made (LeCun et al.): crop to the ink's bounding box,
 * scale it so its larger side is 20 px keeping its aspect (area-averaged, so thin strokes become grey, as in
 * MNIST's anti-aliased digits), and place it in the 28×28 field so that its centre of mass is at the centre.
 * Without this a small digit drawn in a corner is a different picture to the net, and it guesses.
 */

/** A grey image: `width × height` values, row-major, 0 = background. */
export interface GreyImage {
  readonly width: number;
  readonly height: number;
  readonly data: ArrayLike<number>;
}

/** Options of {@link preprocessDigit}. */
export interface DigitOptions {
  /** The value of full ink in `data` (255 for canvas bytes, 1 for floats). Default 255. */
  max?: number;
  /** A pixel counts as ink when above `threshold · max` (ignores faint anti-aliasing fringes). Default 0.05. */
  threshold?: number;
  /** Output side (28) and the side the larger extent is scaled to (20), as in MNIST. */
  side?: number;
  box?: number;
  /** Alpha from an RGBA buffer: read every 4th value starting at 3. Default false. */
  rgba?: boolean;
}

/** What {@link preprocessDigit} made of a drawing. */
export interface Digit {
  /** `side × side` values in 0..1, row-major: the net's input. All zero when nothing was drawn. */
  pixels: Float32Array;
  /** True when the image had no ink (the net should not be asked). */
  empty: boolean;
  /** The ink's bounding box in the source image (undefined when empty). */
  bounds: { x: number; y: number; width: number; height: number } | undefined;
  /** Centre of mass of the output, in output pixels (side/2, side/2 up to the integer shift; undefined when empty). */
  centre: { x: number; y: number } | undefined;
}

/**
 * Preprocesses a drawn digit as MNIST was preprocessed (see the file comment). Never returns NaN: an empty
 * image gives zeros and `empty: true`.
 */
export function preprocessDigit(image: GreyImage, options: DigitOptions = {}): Digit {
  const max = options.max ?? 255;
  const threshold = (options.threshold ?? 0.05) * max;
  const side = options.side ?? 28;
  const boxSide = options.box ?? 20;
  const { width, height, data } = image;
  const stride = options.rgba ? 4 : 1;
  const offset = options.rgba ? 3 : 0;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0 || data.length < width * height * stride) {
    throw new RangeError(`digit: a ${width}×${height} image needs ${width * height * stride} values, got ${data.length}`);
  }
  const at = (x: number, y: number): number => {
    const v = data[(y * width + x) * stride + offset]!;
    return v > threshold ? Math.min(v, max) / max : 0;
  };
  let x0 = width, y0 = height, x1 = -1, y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (at(x, y) > 0) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  const pixels = new Float32Array(side * side);
  if (x1 < 0) return { pixels, empty: true, bounds: undefined, centre: undefined };
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const scale = boxSide / Math.max(bw, bh);
  const tw = Math.max(1, Math.round(bw * scale));
  const th = Math.max(1, Math.round(bh * scale));

  // Area-averaging resample, separable: rows first into [bh × tw], then columns into [th × tw].
  const rowsOut = new Float32Array(bh * tw);
  const wx = weights(bw, tw);
  for (let y = 0; y < bh; y++) {
    for (const [t, s, w] of wx) rowsOut[y * tw + t]! += w * at(x0 + s, y0 + y);
  }
  const small = new Float32Array(th * tw);
  for (const [t, s, w] of weights(bh, th)) {
    for (let x = 0; x < tw; x++) small[t * tw + x]! += w * rowsOut[s * tw + x]!;
  }

  let mass = 0, mx = 0, my = 0;
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const v = small[y * tw + x]!;
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  // mass > 0: the box holds at least one ink pixel and the weights sum to one.
  const dx = Math.round(side / 2 - mx / mass);
  const dy = Math.round(side / 2 - my / mass);
  let outMass = 0, cx = 0, cy = 0;
  for (let y = 0; y < th; y++) {
    const oy = y + dy;
    if (oy < 0 || oy >= side) continue;
    for (let x = 0; x < tw; x++) {
      const ox = x + dx;
      if (ox < 0 || ox >= side) continue;
      const v = Math.min(1, small[y * tw + x]!);
      pixels[oy * side + ox] = v;
      outMass += v;
      cx += v * (ox + 0.5);
      cy += v * (oy + 0.5);
    }
  }
  return {
    pixels,
    empty: false,
    bounds: { x: x0, y: y0, width: bw, height: bh },
    centre: outMass > 0 ? { x: cx / outMass, y: cy / outMass } : undefined,
  };
}

/**
 * Weights of a 1-D area resample from n source cells to m target cells: target t covers source
 * [t·n/m, (t+1)·n/m) and takes each source cell by the fraction of it that lies inside, divided by the span, so a
 * uniform source stays uniform. Returns [target, source, weight] triples.
 */
function weights(n: number, m: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  const span = n / m;
  for (let t = 0; t < m; t++) {
    const a = t * span;
    const b = a + span;
    for (let s = Math.floor(a); s < Math.min(n, Math.ceil(b)); s++) {
      const cover = Math.min(b, s + 1) - Math.max(a, s);
      if (cover > 1e-9) out.push([t, s, cover / span]);
    }
  }
  return out;
}
