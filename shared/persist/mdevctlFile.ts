/**
 * mdevctl's definition file `/etc/mdevctl.d/matrix/<uuid>`
 * (docs/host-tools.md §3.5): pretty-printed JSON with 2-space indent, attrs as an ordered list of
 * one-key objects. Reading is parseMdevctlJson (shared/host/parseExtras.ts).
 */
import { hex2, hex4, maskIds, type Mask } from '../ap';

export type DefinitionAttrs = Array<[string, string]>;

export function mdevctlJson(start: 'auto' | 'manual', attrs: DefinitionAttrs): string {
  return JSON.stringify({ mdev_type: 'vfio_ap-passthrough', start, attrs: attrs.map(([k, v]) => ({ [k]: v })) }, null, 2) + '\n';
}

/**
 * The attrs that recreate a matrix: adapters, then usage domains, then control
 * domains (ap-check's get-attributes order), values as `0x` hex, never
 * zero-padded decimal (docs/host-tools.md §9).
 */
export function attrsForMatrix(apm: Mask, aqm: Mask, adm: Mask): DefinitionAttrs {
  return [
    ...maskIds(apm).map((a): [string, string] => ['assign_adapter', '0x' + hex2(a)]),
    ...maskIds(aqm).map((d): [string, string] => ['assign_domain', '0x' + hex4(d)]),
    ...maskIds(adm).map((d): [string, string] => ['assign_control_domain', '0x' + hex4(d)])
  ];
}
