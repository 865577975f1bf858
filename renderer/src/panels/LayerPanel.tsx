/** Layer toggles with their legend colours. */
import { PALETTES } from '../grid/palette';
import type { LayerName } from '../store/viewSlice';
import { appStore, useApp } from '../store/store';
import { selTheme, selVisible } from '../store/selectors';
import { rebootLayerUnavailable } from '../store/rebootLayerState';
import { REBOOT_DASH, REBOOT_MARK } from '../grid/rebootMarks';
import type { AppState } from '../store/types';

const selRebootWhyNot = (s: AppState) => rebootLayerUnavailable(s);

const LAYERS: Array<{ name: LayerName; label: string }> = [
  { name: 'lpar', label: 'LPAR availability' },
  { name: 'host', label: 'Host ownership' },
  { name: 'mdevs', label: 'mdev matrices' },
  { name: 'guest', label: 'Guest matrices' },
  { name: 'conflicts', label: 'Conflicts (hatched)' },
  { name: 'overlay', label: 'Selection, preview, plan' },
  { name: 'reboot', label: 'After reboot (next boot)' }
];

function css(word: number): string {
  return `rgba(${word & 255},${(word >> 8) & 255},${(word >> 16) & 255},${((word >>> 24) / 255).toFixed(2)})`;
}

export default function LayerPanel(): React.JSX.Element {
  const visible = useApp(selVisible);
  const theme = useApp(selTheme);
  const rebootWhyNot = useApp(selRebootWhyNot);
  const p = PALETTES[theme];
  const legend: Array<[string, string]> = [
    [css(p.absent), 'not in the LPAR'],
    [css(p.pool), 'free for guests (vfio_ap pool)'],
    [css(p.host), 'kept by the host'],
    [css(p.down), 'card offline or deconfigured'],
    ['linear-gradient(90deg,#3b82c4 50%,#9ec1e3 50%)', 'mdev colour: in its guest / not in its guest'],
    [`repeating-linear-gradient(135deg, ${p.conflict} 0 2px, transparent 2px 5px)`, 'conflict'],
    [css(p.overlay.selected), 'selected'],
    [css(p.overlay.gained), 'would be gained'],
    [css(p.overlay.lost), 'would be lost'],
    [css(p.overlay.draggedIn), 'dragged in by the cartesian product'],
    [css(p.overlay.others), 'changes owner on the way (e.g. freed from the host)'],
    [css(p.overlay.planGained), 'planned: gained'],
    [css(p.overlay.planLost), 'planned: lost or freed'],
    [css(p.overlay.planMoved), 'planned: moves to another owner'],
    [css(p.overlay.highlight), 'found (go-to, table row)'],
    [css(p.overlay.refused), 'refused (framed)'],
    [
      `linear-gradient(${css(p.pool)}, ${css(p.pool)}) center / 8px 8px no-repeat, repeating-linear-gradient(90deg, ${REBOOT_DASH} 0 3px, ${REBOOT_MARK} 3px 6px)`,
      'after reboot: changes owner at the next boot (framed yellow and black)'
    ]
  ];
  return (
    <section className="panel layer-panel" aria-label="Layers">
      <h2>Layers</h2>
      {LAYERS.map((l) => {
        // the after-reboot layer needs the persistent state; without it the box says why it is off
        const whyNot = l.name === 'reboot' ? rebootWhyNot : null;
        return (
          <label
            key={l.name}
            className={whyNot ? 'check disabled' : 'check'}
            title={whyNot ?? undefined}
            data-testid={`layer-label-${l.name}`}
          >
            <input
              type="checkbox"
              checked={!whyNot && visible[l.name]}
              disabled={!!whyNot}
              onChange={() => appStore.getState().toggleLayer(l.name)}
              data-testid={`layer-${l.name}`}
            />{' '}
            {l.label}
          </label>
        );
      })}
      <h3>Legend</h3>
      <ul className="legend">
        {legend.map(([bg, text]) => (
          <li key={text}>
            {/* overlay colours are translucent: shown over the pool colour, as the grid draws them over a free cell */}
            <span
              className="swatch"
              style={{ background: bg.startsWith('rgba') ? `linear-gradient(${bg}, ${bg}), ${css(p.pool)}` : bg }}
              data-testid="legend-swatch"
              data-label={text}
            />{' '}
            {text}
          </li>
        ))}
      </ul>
      <p className="muted small">
        Rows are adapters, columns are domains. Click toggles a queue for the target; drag selects a rectangle (Shift adds, Alt removes).
      </p>
    </section>
  );
}
