/**
 * Yielding to the page between chunks of training. A resolved promise (a microtask) runs before the browser may
 * paint or handle input, so it lets nothing through (issue 12 measured a 4.6 s task with microtask "yields"); these
 * helpers end the current task and continue in a new one.
 */

/**
 * Resolves in a new macrotask: a MessageChannel message (a task without setTimeout's 4 ms clamp after nesting),
 * else `setTimeout(0)`. Not `scheduler.yield()`: its continuation runs ahead of rendering, and in headless Chromium
 * the CNN trained on the page painted 4 frames in 374 ms with it against 21 in 427 ms with MessageChannel (LSTM: 6
 * in 555 ms against 39 in 639 ms; `test/engine/browser/train.test.ts`, YIELD override).
 */
export function yieldToPage(): Promise<void> {
  if (typeof MessageChannel !== 'undefined') {
    return new Promise((resolve) => {
      // One channel per yield, closed at once: an open port with a handler keeps a Node process alive.
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(0);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Milliseconds from a monotonic clock (performance.now where present). */
export const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());
