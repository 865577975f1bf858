#!/usr/bin/env node
// The `apmatrix` command. Runs the esbuild bundle in dist/node with plain Node
// when it is up to date with the sources, rebuilding it first when they
// changed; without esbuild it runs the TypeScript sources through tsx
// (bin/nodeBundle.mjs says how staleness is decided).
import { loadEntry } from './nodeBundle.mjs';

const { main } = await loadEntry('cli');
const status = await main(process.argv.slice(2));
// fuse-native keeps native handles open after unmounting: leave explicitly
process.exit(status);
