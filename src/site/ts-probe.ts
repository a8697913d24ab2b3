/**
 * Imported only to learn whether this process can load TypeScript (tsx registered: the sources, the tests) or
 * not (the bundled CLI). See `importTheme` in theme.ts.
 */
export const typescript = true;
