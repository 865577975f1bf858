/** One grid panel: axes and the two canvases; drawing is done by GridBinding, not React. */
import { useEffect, useRef } from 'react';
import { appStore } from '../store/store';
import { GridBinding } from './gridBinding';
import { LEFT_AXIS_PX, TOP_AXIS_PX } from './axisCanvas';
import type { GridLevel } from './paintLayers';

export interface GridViewProps {
  level: GridLevel;
  title: string;
  testId: string;
  main: boolean;
}

export default function GridView({ level, title, testId, main }: GridViewProps): React.JSX.Element {
  const scroll = useRef<HTMLDivElement>(null);
  const base = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const left = useRef<HTMLCanvasElement>(null);
  const top = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const b = new GridBinding(
      appStore,
      { scroll: scroll.current!, base: base.current!, overlay: overlay.current!, left: left.current!, top: top.current! },
      level,
      main
    );
    return () => b.dispose();
  }, [level, main]);

  return (
    <section className="grid-panel" aria-label={title}>
      <h3 className="grid-title">{title}</h3>
      <div className="grid-scroll" ref={scroll}>
        <div className="grid-inner" style={{ gridTemplateColumns: `${LEFT_AXIS_PX}px auto`, gridTemplateRows: `${TOP_AXIS_PX}px auto` }}>
          <div className="grid-corner" title="rows: adapters (card type, mode); columns: domains">
            <span>adapter ↓</span>
            <span>domain →</span>
          </div>
          <canvas className="axis-top" ref={top} />
          <canvas className="axis-left" ref={left} />
          <div className="grid-plane">
            <canvas className="grid-base" ref={base} />
            <canvas
              className="grid-overlay"
              ref={overlay}
              data-testid={testId}
              // only the main grid is a tab stop: the side-by-side grids show the same cells
              tabIndex={main ? 0 : -1}
              role="img"
              aria-label={`${title}: rows are adapters, columns are domains. Click toggles a queue for the target, drag selects, arrow keys move the cursor, space toggles, Ctrl+wheel zooms, Ctrl+G goes to a queue.`}
              aria-describedby={main ? 'grid-live' : undefined}
            />
          </div>
        </div>
      </div>
    </section>
  );
}
