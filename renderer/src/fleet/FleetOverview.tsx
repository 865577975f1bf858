/**
 * A host's matrix in miniature: one pixel per queue (adapters down, domains
 * across), drawn once into ImageData and scaled up without smoothing.
 */
import { useEffect, useRef } from 'react';
import type { FleetOverview as Overview } from '../../../shared/fleet/overview';

/** RGBA per overview code (shared/fleet/overview.ts OVERVIEW_CODES). */
const COLOURS: Record<string, [number, number, number]> = {
  '.': [228, 231, 236],
  d: [190, 190, 190],
  h: [120, 144, 180],
  f: [120, 200, 140],
  m: [240, 180, 70],
  g: [200, 90, 200],
  x: [220, 50, 50]
};

const LEGEND: Array<[string, string]> = [
  ['h', 'host'],
  ['f', 'free for guests'],
  ['m', 'mdev'],
  ['g', 'running guest'],
  ['x', 'in two mdevs'],
  ['d', 'card unusable'],
  ['.', 'not in the LPAR']
];

/** The colour key of the pictures. */
export function OverviewLegend(): React.JSX.Element {
  return (
    <div className="fleet-legend muted small" aria-label="Matrix picture colours">
      {LEGEND.map(([code, text]) => (
        <span key={code}>
          <i style={{ background: `rgb(${COLOURS[code].join(',')})` }} /> {text}
        </span>
      ))}
    </div>
  );
}

export default function FleetOverview({ overview, label }: { overview: Overview; label: string }): React.JSX.Element {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const { adapters, domains, cells } = overview;
    if (adapters === 0 || domains === 0) return;
    canvas.width = domains;
    canvas.height = adapters;
    const img = ctx.createImageData(domains, adapters);
    for (let i = 0; i < cells.length; i++) {
      const [r, g, b] = COLOURS[cells[i]] ?? COLOURS['.'];
      img.data.set([r, g, b, 255], i * 4);
    }
    ctx.putImageData(img, 0, 0);
  }, [overview]);
  // at most 192 x 72 CSS px, whole pixels per cell when the host is small
  const scale = Math.max(1, Math.min(Math.floor(192 / Math.max(1, overview.domains)), Math.floor(72 / Math.max(1, overview.adapters)), 10));
  const width = Math.min(192, Math.max(1, overview.domains) * scale);
  const height = Math.min(72, Math.max(1, overview.adapters) * scale);
  return (
    <canvas ref={ref} className="fleet-overview" style={{ width, height }} role="img" aria-label={label} data-testid="fleet-overview" />
  );
}
