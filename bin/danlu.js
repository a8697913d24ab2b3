#!/usr/bin/env node
// Entry point for `npx danlu …` and a global install: runs the TypeScript CLI through tsx's loader, so the
// sources are the program (no separate compile step to forget).
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
