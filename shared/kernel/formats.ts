/**
 * Read formats of the vfio_ap mdev files (§6.1) and the bus mask files (§2).
 * Pure functions of masks.
 */
import { Mask, hex2, hex4, maskIds, maskToHex, maskUpTo } from '../ap';

/**
 * §6.1 `matrix` / `guest_matrix`: `%02x.%04x` per APID x APQI (APID outer),
 * `%02x.` when only adapters, `.%04x` when only domains, empty when neither.
 * Only bits up to the maxima are printed.
 */
export function formatMatrix(apm: Mask, aqm: Mask, maxAdapter: number, maxDomain: number): string {
  const as = maskIds(maskUpTo(apm, maxAdapter));
  const ds = maskIds(maskUpTo(aqm, maxDomain));
  let out = '';
  if (as.length && ds.length) {
    for (const a of as) {
      const prefix = hex2(a) + '.';
      for (const d of ds) out += prefix + hex4(d) + '\n';
    }
  } else if (as.length) {
    for (const a of as) out += hex2(a) + '.\n';
  } else {
    for (const d of ds) out += '.' + hex4(d) + '\n';
  }
  return out;
}

/** §6.1 `control_domains`: `%04x\n` per control domain, ascending; empty when none. */
export function formatControlDomains(adm: Mask, maxDomain: number): string {
  return maskIds(maskUpTo(adm, maxDomain))
    .map((d) => hex4(d) + '\n')
    .join('');
}

/** §6.1 `ap_config`: three `0x`+64-hex masks joined by `,`, then `\n` (201 bytes). */
export function formatApConfig(apm: Mask, aqm: Mask, adm: Mask): string {
  return `${maskToHex(apm)},${maskToHex(aqm)},${maskToHex(adm)}\n`;
}

/** §2: the bus mask read format, `0x` + 64 lowercase hex digits + `\n`. */
export function formatMaskLine(m: Mask): string {
  return maskToHex(m) + '\n';
}
