/**
 * POSIX `cksum` (CRC-32, polynomial 0x04C11DB7, length appended): lets the
 * script compare a large `matrix` file with one short expected value.
 */
const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** `cksum < file` output for an ASCII text: "CRC LENGTH". */
export function posixCksum(text: string): string {
  let crc = 0;
  const step = (byte: number) => {
    crc = ((crc << 8) ^ TABLE[((crc >>> 24) ^ byte) & 0xff]) >>> 0;
  };
  for (let i = 0; i < text.length; i++) step(text.charCodeAt(i) & 0xff);
  for (let n = text.length; n > 0; n = Math.floor(n / 256)) step(n & 0xff);
  return `${~crc >>> 0} ${text.length}`;
}
