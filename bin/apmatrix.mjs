#!/usr/bin/env node
// The `apmatrix` command. Runs the esbuild bundle in dist/node with plain Node
// when it is up to date with the sources, rebuilding it first when they
// changed; without esbuild it runs the TypeScript sources through tsx
// (bin/nodeBundle.mjs says how staleness is decided).
import { loadEntry } from './nodeBundle.mjs';

const { main, drainStdio } = await loadEntry('cli');
const status = await main(process.argv.slice(2));
// a pipe is written asynchronously: leaving before it drains cuts the output
// (`snapshot | wc -c` printed 65,536). Wait for both streams, then leave
// explicitly, because fuse-native keeps native handles open after unmounting.
await drainStdio();
process.exit(status);
