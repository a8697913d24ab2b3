/**
 * Imported only to learn whether this process can load TypeScript (tsx registered: the sources, the tests) or
 * not (the compiled CLI in lib/, where this file is not: only its .js is). See `importTheme` in theme.ts.
 */
export const typescript = true;
