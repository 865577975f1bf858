/**
 * The `ap.apmask=` / `ap.aqmask=` kernel parameters (docs/kernel-model.md §1.3:
 * the relative or absolute mask grammar, starting from all zeros) in the
 * command line the host booted with and in the one configured for the next
 * boot. Where the next boot's command line lives depends on the distribution;
 * we read the two s390 places we can parse without running anything:
 * - `/etc/zipl.conf` (Ubuntu, SLES, older RHEL): the `parameters=` of the
 *   section `[defaultboot] default=` names, else of the first section that has one;
 * - `/etc/kernel/cmdline` (kernel-install / BLS systems: RHEL 8+, Fedora).
 * zipl.conf wins when both set a parameter section, as zipl is what writes
 * the s390 boot record.
 */
import { maskToHex, parseKernelCommandLine } from '../ap';
import { KERNEL_CMDLINE_FILE, ZIPL_CONF_FILE, type MaskSource } from './types';

export interface ParsedParams {
  source: MaskSource | null;
  problems: string[];
}

/** The ap.* masks of one command line (a mask the line does not set is null). */
export function paramsFromCmdline(cmdline: string, file: string): ParsedParams {
  try {
    const p = parseKernelCommandLine(cmdline.replace(/\n/g, ' '));
    return { source: { apmask: p.apmask ? maskToHex(p.apmask) : null, aqmask: p.aqmask ? maskToHex(p.aqmask) : null, file }, problems: [] };
  } catch (e) {
    return { source: null, problems: [`an ap.* kernel parameter cannot be parsed: ${(e as Error).message}`] };
  }
}

function unquote(v: string): string {
  const t = v.trim();
  return (t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")) ? t.slice(1, -1) : t;
}

/** zipl.conf sections as name -> key -> value (comments and blank lines skipped). */
function ziplSections(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const sec = /^\[([^\]]+)\]$/.exec(line);
    if (sec) {
      current = new Map();
      sections.set(sec[1].trim(), current);
      continue;
    }
    const eq = line.indexOf('=');
    if (current && eq > 0) current.set(line.slice(0, eq).trim(), unquote(line.slice(eq + 1)));
  }
  return sections;
}

/** The command line zipl.conf boots by default, or null when it has none. */
export function ziplDefaultParameters(text: string): string | null {
  const sections = ziplSections(text);
  const name = sections.get('defaultboot')?.get('default');
  const chosen = name ? sections.get(name) : undefined;
  if (chosen?.has('parameters')) return chosen.get('parameters')!;
  for (const [n, s] of sections) if (n !== 'defaultboot' && s.has('parameters')) return s.get('parameters')!;
  return null;
}

/** The next boot's parameters from whichever configuration file was found. */
export function configuredParams(zipl: string | null, kernelCmdline: string | null): ParsedParams & { found: boolean } {
  const fromZipl = zipl !== null ? ziplDefaultParameters(zipl) : null;
  if (fromZipl !== null) return { ...paramsFromCmdline(fromZipl, ZIPL_CONF_FILE), found: true };
  if (kernelCmdline !== null) return { ...paramsFromCmdline(kernelCmdline, KERNEL_CMDLINE_FILE), found: true };
  return { source: null, problems: [], found: false };
}
