#!/usr/bin/env node
/**
 * Draws build/icon.png (512 x 512): a small adapter-by-domain matrix with
 * three coloured mdev blocks, the app's picture of itself. Pure Node (zlib),
 * so the icon can be regenerated anywhere: `node build/makeIcon.mjs`.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 512;
const px = Buffer.alloc(N * N * 4);
const set = (x, y, [r, g, b, a = 255]) => {
  const i = (y * N + x) * 4;
  px[i] = r;
  px[i + 1] = g;
  px[i + 2] = b;
  px[i + 3] = a;
};
const radius = 96;
const cells = 8,
  margin = 72,
  gap = 8;
const cell = (N - 2 * margin - (cells - 1) * gap) / cells;
const colour = (a, d) => {
  if (a >= 1 && a <= 3 && d >= 1 && d <= 3) return [74, 144, 226];
  if (a >= 4 && a <= 6 && d >= 2 && d <= 5) return [236, 150, 60];
  if (a >= 1 && a <= 2 && d >= 5 && d <= 6) return [92, 184, 92];
  return [58, 64, 74];
};
for (let y = 0; y < N; y++) {
  for (let x = 0; x < N; x++) {
    // rounded square background
    const cx = Math.max(radius - x, 0, x - (N - 1 - radius));
    const cy = Math.max(radius - y, 0, y - (N - 1 - radius));
    if (cx * cx + cy * cy > radius * radius) {
      set(x, y, [0, 0, 0, 0]);
      continue;
    }
    set(x, y, [28, 31, 36]);
    const gx = (x - margin) / (cell + gap),
      gy = (y - margin) / (cell + gap);
    if (gx < 0 || gy < 0 || gx >= cells || gy >= cells) continue;
    if (gx % 1 > cell / (cell + gap) || gy % 1 > cell / (cell + gap)) continue;
    set(x, y, colour(Math.floor(gy), Math.floor(gx)));
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8;
ihdr[9] = 6;
const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) px.copy(raw, y * (N * 4 + 1) + 1, y * N * 4, (y + 1) * N * 4);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0))
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`build/icon.png: ${png.length} bytes`);
