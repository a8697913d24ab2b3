/**
 * Finds, as notes are read, the first fenced code block of each language, so render workers can load that
 * language's highlighter while the main thread is still reading the rest of the folder.
 *
 * Why: Shiki's first block in a language costs a worker far more than the next ones (the WebAssembly regex
 * engine ~130 ms, then each grammar's scanners are compiled on first use: ~60 ms for Python, ~240 ms for
 * TypeScript, measured on the build VM), and every worker pays it. Workers are otherwise idle until the notes are
 * read and planned. The scan is a cheap line-based approximation of CommonMark fences: a sample it gets wrong
 * only warms a cache entry that no note asks for; the rendering itself never depends on it.
 */

/** A fence opener at the start of a line (up to three spaces in), its info string's first word, then the body. */
const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([A-Za-z0-9_+#.-]+)[^\n]*\n([\s\S]*?)\n {0,3}\1/gm;

/**
 * Returns a function to call with each note's markdown; it calls `found(lang, code)` once per language (lower
 * case, as written in the fence), with the first block seen in that language.
 */
export function fenceSampler(found: (lang: string, code: string) => void): (markdown: string) => void {
  const seen = new Set<string>();
  return (markdown) => {
    if (!markdown.includes('```') && !markdown.includes('~~~')) return;
    for (const m of markdown.matchAll(FENCE)) {
      const lang = (m[2] as string).toLowerCase();
      if (seen.has(lang)) continue;
      seen.add(lang);
      found(lang, m[3] as string);
    }
  };
}
