/** A labelled range input with its value shown beside it, for learning rate, noise, split and the like. */
import { el } from './controls.js';

/** A slider and its readout. */
export interface Slider {
  /** `<label class="demo-field">` holding the text, the `<input type=range>` and an `<output>`. */
  element: HTMLLabelElement;
  input: HTMLInputElement;
  /** Current value as a number. */
  value(): number;
  /** Sets the value (and readout) without firing `onInput`. */
  set(value: number): void;
}

/**
 * Builds a slider. `onInput` fires while dragging (keep it cheap); `onChange` when the reader lets go or a key
 * press settles (e.g. regenerate a data set). Arrow keys, Page Up/Down and touch work as on any native range.
 */
export function createSlider(options: {
  label: string; min: number; max: number; step: number; value: number;
  format?: (v: number) => string; onInput?: (v: number) => void; onChange?: (v: number) => void;
}): Slider {
  const format = options.format ?? ((v: number) => String(v));
  const element = el('label', 'demo-field demo-slider');
  const input = el('input');
  input.type = 'range';
  input.min = String(options.min);
  input.max = String(options.max);
  input.step = String(options.step);
  input.value = String(options.value);
  const out = el('output', 'demo-num', format(options.value));
  const show = () => {
    out.textContent = format(Number(input.value));
    input.setAttribute('aria-valuetext', out.textContent);
  };
  show();
  input.addEventListener('input', () => {
    show();
    options.onInput?.(Number(input.value));
  });
  input.addEventListener('change', () => options.onChange?.(Number(input.value)));
  element.append(el('span', '', options.label), input, out);
  return {
    element, input,
    value: () => Number(input.value),
    set(v) {
      input.value = String(v);
      show();
    },
  };
}
