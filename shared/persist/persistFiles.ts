/**
 * A PersistentState written back as files keyed below the root
 * (`etc/udev/rules.d/41-ap.rules`, `etc/mdevctl.d/matrix/<uuid>`, ...), in the
 * tools' own formats: what the simulator keeps in its --etc directory and what
 * an apply writes when the real tools are absent.
 */
import { isBad, parseMaskText } from '../host/parseValues';
import { mdevctlJson } from './mdevctlFile';
import type { MaskSource, PersistentState } from './types';
import { writeUdevRule } from './udevRule';

function mask(hex: string | null) {
  if (hex === null) return null;
  const m = parseMaskText(hex);
  return isBad(m) ? null : m;
}

function cmdline(src: MaskSource): string {
  const words: string[] = [];
  if (src.apmask) words.push(`ap.apmask=${src.apmask}`);
  if (src.aqmask) words.push(`ap.aqmask=${src.aqmask}`);
  return words.join(' ') + '\n';
}

/** Options keep a caller from writing what it did not read (boot parameters are never written by apply). */
export function persistFilesOf(p: PersistentState, o: { cmdlines?: boolean } = { cmdlines: true }): Record<string, string> {
  const files: Record<string, string> = {};
  if (p.udevRule) {
    const rule = writeUdevRule(mask(p.udevRule.apmask), mask(p.udevRule.aqmask));
    if (rule !== null) files['etc/udev/rules.d/41-ap.rules'] = rule;
  }
  for (const d of p.definitions) files[`etc/mdevctl.d/matrix/${d.uuid}`] = mdevctlJson(d.start, d.attrs);
  if (o.cmdlines) {
    if (p.configuredParams)
      files[p.configuredParams.file === '/etc/zipl.conf' ? 'etc/zipl.conf' : 'etc/kernel/cmdline'] =
        p.configuredParams.file === '/etc/zipl.conf'
          ? `[defaultboot]\ndefault=linux\n[linux]\nparameters="${cmdline(p.configuredParams).trim()}"\n`
          : cmdline(p.configuredParams);
    if (p.bootParams) files['proc/cmdline'] = cmdline(p.bootParams);
  }
  return files;
}
