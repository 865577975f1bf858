/**
 * Cell colours as packed RGBA words for a Uint32Array view of ImageData
 * (little-endian: 0xAABBGGRR). One palette per theme; mdev colours spread
 * round the hue circle by the golden angle so neighbours differ.
 */
export type ThemeName = 'light' | 'dark';

export function rgba(r: number, g: number, b: number, a = 255): number {
  return ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

function hex(h: string, a = 255): number {
  const n = parseInt(h.slice(1), 16);
  return rgba((n >> 16) & 255, (n >> 8) & 255, n & 255, a);
}

export interface Palette {
  /** not configured in the LPAR */
  absent: number;
  /** configured usage queue, free for guests (vfio_ap pool) */
  pool: number;
  /** configured usage queue the host keeps */
  host: number;
  /** host mask bits for ids the LPAR does not have */
  hostAbsent: number;
  /** configured, card offline / deconfigured / check-stopped */
  down: number;
  conflict: string;
  overlay: {
    selected: number;
    gained: number;
    lost: number;
    draggedIn: number;
    planGained: number;
    planLost: number;
    planMoved: number;
    others: number;
    highlight: number;
    refused: number;
  };
  cursor: string;
  hover: string;
  /** frame of a found (highlighted) cell */
  found: string;
  rectStroke: string;
  gridLine: string;
  axisText: string;
  axisMuted: string;
  mdevSaturation: number;
  mdevLightness: number;
  dimMix: number;
}

export const PALETTES: Record<ThemeName, Palette> = {
  light: {
    absent: hex('#e4e7ec'),
    pool: hex('#ffffff'),
    host: hex('#b9c6d8'),
    hostAbsent: hex('#dadfe7'),
    down: hex('#e3c4c4'),
    conflict: '#c8102e',
    overlay: {
      selected: rgba(25, 110, 245, 130),
      gained: rgba(0, 160, 70, 200),
      lost: rgba(215, 30, 30, 200),
      draggedIn: rgba(255, 160, 0, 235),
      planGained: rgba(0, 160, 70, 90),
      planLost: rgba(215, 30, 30, 165),
      planMoved: rgba(130, 70, 220, 100),
      others: rgba(150, 60, 210, 190),
      highlight: rgba(255, 214, 0, 170),
      refused: rgba(200, 16, 46, 110)
    },
    cursor: '#111111',
    hover: '#1a5fd0',
    found: '#b07800',
    rectStroke: '#1a5fd0',
    gridLine: 'rgba(0,0,0,0.08)',
    axisText: '#2b2f36',
    axisMuted: '#8a909b',
    mdevSaturation: 0.62,
    mdevLightness: 0.5,
    dimMix: 0.6
  },
  dark: {
    absent: hex('#15181c'),
    pool: hex('#353c47'),
    host: hex('#4d5d74'),
    hostAbsent: hex('#22262d'),
    down: hex('#5a3a3a'),
    conflict: '#ff4d5e',
    overlay: {
      selected: rgba(80, 150, 255, 140),
      gained: rgba(40, 210, 110, 200),
      lost: rgba(255, 80, 80, 200),
      draggedIn: rgba(255, 185, 40, 235),
      planGained: rgba(40, 210, 110, 90),
      planLost: rgba(255, 80, 80, 170),
      planMoved: rgba(170, 120, 255, 110),
      others: rgba(185, 130, 255, 200),
      highlight: rgba(255, 225, 60, 160),
      refused: rgba(255, 77, 94, 120)
    },
    cursor: '#ffffff',
    hover: '#7fb0ff',
    found: '#ffd23c',
    rectStroke: '#7fb0ff',
    gridLine: 'rgba(255,255,255,0.07)',
    axisText: '#d8dde5',
    axisMuted: '#7d8592',
    mdevSaturation: 0.6,
    mdevLightness: 0.58,
    dimMix: 0.6
  }
};

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}

/** CSS colour of mdev number i (creation order), for legends and tables. */
export function mdevCss(i: number, theme: ThemeName): string {
  const p = PALETTES[theme];
  const [r, g, b] = hslToRgb((i * 137.508 + 200) % 360, p.mdevSaturation, p.mdevLightness);
  return `rgb(${r},${g},${b})`;
}

export interface MdevColours {
  /** in the guest's matrix */
  full: Uint32Array;
  /** assigned, but not in the guest's matrix: mixed toward the pool colour */
  dim: Uint32Array;
}

export function mdevColours(count: number, theme: ThemeName): MdevColours {
  const p = PALETTES[theme];
  const full = new Uint32Array(count + 1);
  const dim = new Uint32Array(count + 1);
  const pr = p.pool & 255;
  const pg = (p.pool >> 8) & 255;
  const pb = (p.pool >> 16) & 255;
  for (let i = 0; i < count; i++) {
    const [r, g, b] = hslToRgb((i * 137.508 + 200) % 360, p.mdevSaturation, p.mdevLightness);
    full[i + 1] = rgba(r, g, b);
    const m = p.dimMix;
    dim[i + 1] = rgba(Math.round(r + (pr - r) * m), Math.round(g + (pg - g) * m), Math.round(b + (pb - b) * m));
  }
  return { full, dim };
}
