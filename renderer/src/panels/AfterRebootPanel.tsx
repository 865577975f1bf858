/**
 * "After reboot": what the host comes up in from its persistent configuration
 * (chzdev's udev rule, kernel parameters, mdevctl definitions; shared/persist),
 * as a layer beside the current one ("now" | "after reboot", cells a reboot
 * changes outlined in red) and the audit's reboot findings. Self-contained:
 * reads the host, findings and theme from the store, keeps its own open state.
 */
import { useEffect, useRef, useState } from 'react';
import { hex2, hex4 } from '../../../shared/ap';
import { useApp } from '../store/store';
import { selFindings, selHost, selTheme } from '../store/selectors';
import { cellSize, paintSide, rebootPicture, type RebootPicture } from './rebootPicture';
import { selectFinding } from '../tables/FindingsTable';

const REBOOT_CODES = /^(reboot-|mdevctl-not-active$|mdevctl-differs$)/;

function Side({
  pic,
  side,
  label,
  width = 560
}: {
  pic: RebootPicture;
  side: 'now' | 'after';
  label: string;
  width?: number;
}): React.JSX.Element {
  const ref = useRef<HTMLCanvasElement>(null);
  const theme = useApp(selTheme);
  const size = cellSize(pic, width, width > 560 ? 36 : 18);
  useEffect(() => {
    if (ref.current) paintSide(ref.current, pic, side, theme, size, side === 'after');
  }, [pic, side, theme, size]);
  return (
    <figure className="reboot-side">
      <figcaption>{label}</figcaption>
      <div className="reboot-grid">
        <div className="reboot-cols">
          {pic.domains.map((d) => (
            <span key={d} style={{ width: size }}>
              {size >= 12 && pic.domains.length <= 48 ? hex4(d).slice(2) : ''}
            </span>
          ))}
        </div>
        <div className="reboot-body">
          <div className="reboot-rows">
            {pic.adapters.map((a) => (
              <span key={a} style={{ height: size }}>
                {size >= 8 ? hex2(a) : ''}
              </span>
            ))}
          </div>
          <canvas
            ref={ref}
            data-testid={side === 'now' ? 'reboot-canvas-now' : 'reboot-canvas-after'}
            aria-label={`${label}: rows adapters, columns domains`}
          />
        </div>
      </div>
    </figure>
  );
}

export default function AfterRebootPanel(): React.JSX.Element | null {
  const host = useApp(selHost);
  const findings = useApp(selFindings);
  const [open, setOpen] = useState(false);
  /** side by side, or the after-reboot layer alone at double size */
  const [layout, setLayout] = useState<'side' | 'layer'>('side');
  if (!host) return null;
  const pic = rebootPicture(host);
  const reboot = findings.filter((f) => REBOOT_CODES.test(f.code));
  const from = pic?.boot.masksFrom;
  return (
    <section className="panel after-reboot" data-testid="after-reboot">
      <h2>After reboot</h2>
      {!pic ? (
        <p className="muted small">
          No persistent configuration was read (udev rule, kernel parameters, mdevctl definitions), so the next boot is unknown.
        </p>
      ) : (
        <>
          <p className="small" data-testid="reboot-summary">
            Masks from {from!.apmask === from!.aqmask ? from!.apmask : `${from!.apmask} (apmask) and ${from!.aqmask} (aqmask)`};{' '}
            {pic.boot.started.length} mdev{pic.boot.started.length === 1 ? '' : 's'} started
            {pic.boot.refused.length ? `, ${pic.boot.refused.length} refused` : ''}; {pic.changed.size} queue
            {pic.changed.size === 1 ? '' : 's'} change owner.
          </p>
          <ul className="reboot-findings small" data-testid="reboot-findings">
            {reboot.length === 0 && <li className="muted">A reboot brings back the state as it is now.</li>}
            {reboot.map((f, i) => (
              <li
                key={i}
                className={`${f.severity} clickable`}
                role="button"
                tabIndex={0}
                title="Select its queues"
                data-testid="reboot-finding"
                onClick={() => selectFinding(f)}
                onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), selectFinding(f))}
              >
                {f.message}
              </li>
            ))}
          </ul>
          <button onClick={() => setOpen(!open)} data-testid="reboot-compare" aria-expanded={open}>
            {open ? 'Hide' : 'Show'} now | after reboot
          </button>
        </>
      )}
      {pic && open && (
        <div className="reboot-compare" role="dialog" aria-label="Now and after reboot" data-testid="reboot-compare-view">
          <div className="reboot-compare-head">
            <b>{layout === 'side' ? 'Now | after reboot' : 'After reboot layer'}</b>{' '}
            <span className="muted small">rows adapters, columns domains in use; red outline: changes at the next boot</span>
            <span className="seg">
              <button className={layout === 'side' ? 'on' : ''} onClick={() => setLayout('side')} data-testid="reboot-layout-side">
                Side by side
              </button>
              <button className={layout === 'layer' ? 'on' : ''} onClick={() => setLayout('layer')} data-testid="reboot-layout-layer">
                After reboot only
              </button>
            </span>
            <button onClick={() => setOpen(false)}>Close</button>
          </div>
          <div className="reboot-sides">
            {layout === 'side' && <Side pic={pic} side="now" label="Now" />}
            <Side pic={pic} side="after" label="After reboot" width={layout === 'side' ? 560 : 1120} />
          </div>
        </div>
      )}
    </section>
  );
}
