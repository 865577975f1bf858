#!/usr/bin/env node
// The `apmatrix` command. Runs the TypeScript sources directly through tsx's
// ESM loader, so it works from a clean clone after `npm install` (no build).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli.ts');
const status = await main(process.argv.slice(2));
// fuse-native keeps native handles open after unmounting: leave explicitly
process.exit(status);
