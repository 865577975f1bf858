/**
 * What the kernel prints in an mdev's read-only files (docs/kernel-model.md §6.1),
 * without the final newline (a shell's $(cat FILE) drops it too).
 */
import { hex2, hex4, maskIds, maskUpTo, type Mask } from '../ap';

/** §6.1 `matrix`: APID outer, both ascending; `05.` or `.0047` when one side is empty. */
export function matrixText(apm: Mask, aqm: Mask, maxAdapter: number, maxDomain: number): string {
  const a = maskIds(maskUpTo(apm, maxAdapter));
  const d = maskIds(maskUpTo(aqm, maxDomain));
  if (a.length && d.length) {
    const lines: string[] = [];
    for (const x of a) for (const y of d) lines.push(`${hex2(x)}.${hex4(y)}`);
    return lines.join('\n');
  }
  if (a.length) return a.map((x) => `${hex2(x)}.`).join('\n');
  return d.map((y) => `.${hex4(y)}`).join('\n');
}

/** §6.1 `control_domains`: one `%04x` line per control domain. */
export function controlDomainsText(adm: Mask, maxDomain: number): string {
  return maskIds(maskUpTo(adm, maxDomain))
    .map((y) => hex4(y))
    .join('\n');
}
