/**
 * Helpers that build scenario states as data (§12 state model).
 */
import { FUNCTIONS_FOR_MODE, emptyMask, formatApqn, fullMask, hex2, hex4, maskFromIds, maskIds } from '../../ap';
import { recomputeAllShadows } from '../guestFilter';
import { emptyMdev } from '../mdevWrites';
import type { CardState, Era, KernelState, MdevState } from '../types';

export interface ScenarioGuest {
  name: string;
  mdev: string;
  running: boolean;
}

export interface MdevctlDefinition {
  uuid: string;
  start: 'auto' | 'manual';
  attrs: Array<[string, string]>;
}

export interface ScenarioData {
  name: string;
  description: string;
  state: KernelState;
  guests: ScenarioGuest[];
  mdevctl: MdevctlDefinition[];
  /**
   * Persistent files other than the mdevctl definitions, keyed below the root
   * (`etc/udev/rules.d/41-ap.rules`, `etc/kernel/cmdline`). buildScenario fills
   * in chzdev's rule for the active masks when a scenario leaves it undefined.
   */
  persistFiles?: Record<string, string>;
}

export const RELEASE: Record<Era, string> = { E1: '5.15.0', E3: '6.17.0' };

export type ModeName = 'cca' | 'accel' | 'ep11';

/** A card entry: raw hwtype and mode (§3.3 illustrative ap_functions). */
export function card(id: number, rawType: number, mode: ModeName, extra: Partial<CardState> = {}): CardState {
  const functions =
    mode === 'cca'
      ? FUNCTIONS_FOR_MODE['CCA-Coproc']
      : mode === 'ep11'
        ? FUNCTIONS_FOR_MODE['EP11-Coproc']
        : FUNCTIONS_FOR_MODE.Accelerator;
  return { id, rawType, functions, depth: 7, config: true, chkstop: false, online: true, ...extra };
}

export function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}

export interface HostSpec {
  era: Era;
  maxAdapter: number;
  maxDomain: number;
  cards: CardState[];
  /** LPAR adapters; defaults to the card ids */
  adapters?: number[];
  usageDomains: number[];
  controlDomains?: number[];
  vfioLoaded?: boolean;
}

/** A host with all-ones masks (§2.2 default) and no mdevs. */
export function hostState(spec: HostSpec): KernelState {
  return {
    era: spec.era,
    release: RELEASE[spec.era],
    maxAdapter: spec.maxAdapter,
    maxDomain: spec.maxDomain,
    adapters: maskFromIds(spec.adapters ?? spec.cards.map((c) => c.id)),
    usageDomains: maskFromIds(spec.usageDomains),
    controlDomains: maskFromIds(spec.controlDomains ?? spec.usageDomains),
    cards: spec.cards,
    apmask: fullMask(),
    aqmask: fullMask(),
    vfioLoaded: spec.vfioLoaded ?? true,
    apDomain: spec.usageDomains.length ? spec.usageDomains[0] : -1,
    mdevs: [],
    offlineQueues: [],
    unbound: [],
    configTime: 30,
    pollThread: false,
    pollTimeout: 250000,
    scans: 1,
    log: []
  };
}

/** An mdev with an assigned matrix (the shadow is derived by finishState). */
export function mdev(uuid: string, adapters: number[], domains: number[], control: number[] = domains, attached = false): MdevState {
  const m = emptyMdev(uuid);
  m.apm = maskFromIds(adapters);
  m.aqm = maskFromIds(domains);
  m.adm = maskFromIds(control);
  m.attached = attached;
  return m;
}

/** Derives the shadows (§7.1 full filter, as at the end of a scan) after the era is final. */
export function finishState(s: KernelState, era?: Era): KernelState {
  if (era) {
    s.era = era;
    s.release = RELEASE[era];
  }
  for (const m of s.mdevs) m.shadow = { apm: emptyMask(), aqm: emptyMask(), adm: emptyMask() };
  recomputeAllShadows(s);
  return s;
}

/** The mdevctl definition that recreates an mdev's assignments, adapters first. */
export function mdevctlFor(m: MdevState, start: 'auto' | 'manual' = 'auto'): MdevctlDefinition {
  const attrs: Array<[string, string]> = [
    ...maskIds(m.apm).map((a): [string, string] => ['assign_adapter', '0x' + hex2(a)]),
    ...maskIds(m.aqm).map((d): [string, string] => ['assign_domain', '0x' + hex4(d)]),
    ...maskIds(m.adm).map((d): [string, string] => ['assign_control_domain', '0x' + hex4(d)])
  ];
  return { uuid: m.uuid, start, attrs };
}

/** Every APQN of an mdev's matrix, for documentation and tests. */
export function matrixApqns(m: MdevState): string[] {
  const ds = maskIds(m.aqm);
  return maskIds(m.apm).flatMap((a) => ds.map((d) => formatApqn(a, d)));
}
