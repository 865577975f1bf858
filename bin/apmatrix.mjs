#!/usr/bin/env node
// The `apmatrix` command. Runs the TypeScript sources directly through tsx's
// ESM loader, so it works from a clean clone after `npm install` (no build).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli.ts');
const { drainStdio } = await import('../electron/stdioDrain.ts');
const status = await main(process.argv.slice(2));
// a pipe is written asynchronously: leaving before it drains cuts the output
// (`snapshot | wc -c` printed 65,536). Wait for both streams, then leave
// explicitly, because fuse-native keeps native handles open after unmounting.
await drainStdio();
process.exit(status);
