/** The always-visible overview of the whole matrix; drawing and pointer work are OverviewCanvas's, not React's. */
import { useEffect, useRef } from 'react';
import { appStore } from '../store/store';
import { OverviewCanvas } from './overviewCanvas';
import './gridnav.css';

export default function Overview(): React.JSX.Element {
  const base = useRef<HTMLCanvasElement>(null);
  const marks = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const o = new OverviewCanvas(appStore, base.current!, marks.current!);
    return () => o.dispose();
  }, []);
  return (
    <section className="overview" aria-label="Overview of the whole matrix">
      <h3 className="grid-title">Overview: click or drag to move there</h3>
      <div className="overview-plane">
        <canvas className="overview-base" ref={base} aria-hidden="true" />
        <canvas
          className="overview-marks"
          ref={marks}
          data-testid="overview"
          role="img"
          aria-label="Overview of every adapter and domain; the rectangle is the part the grid shows. Click or drag to move there; Ctrl+G goes to a queue by name."
        />
      </div>
    </section>
  );
}
