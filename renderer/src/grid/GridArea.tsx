/** The stacked view (one grid, every layer) or the side-by-side filter chain LPAR -> host -> mdev -> guest (and after reboot). */
import { useApp } from '../store/store';
import { selViewMode } from '../store/selectors';
import type { AppState } from '../store/types';
import { shownRebootLayer } from '../store/rebootLayerState';
import GridLiveText from './GridLiveText';
import GridView from './GridView';
import './rebootLayer.css';

const selRebootOn = (s: AppState) => shownRebootLayer(s) !== null;

export default function GridArea(): React.JSX.Element {
  const mode = useApp(selViewMode);
  const reboot = useApp(selRebootOn);
  if (mode === 'stacked')
    return (
      <div className="grid-area stacked">
        <GridView
          level="stacked"
          title={reboot ? 'After reboot (all layers, from the persistent configuration; framed: changes at the next boot)' : 'All layers'}
          testId="grid-canvas"
          main
        />
        <GridLiveText />
      </div>
    );
  return (
    <div className={reboot ? 'grid-area side with-reboot' : 'grid-area side'}>
      <GridView level="lpar" title="1 LPAR configuration" testId="grid-canvas-lpar" main={false} />
      <GridView level="host" title="2 Host ownership (apmask × aqmask)" testId="grid-canvas-host" main={false} />
      <GridView level="mdevs" title={reboot ? '3 mdev matrices (now)' : '3 mdev matrices'} testId="grid-canvas" main />
      {reboot && (
        <GridView level="reboot" title="After reboot (framed: changes at the next boot)" testId="grid-canvas-reboot" main={false} />
      )}
      <GridView level="guest" title="4 Guest matrices (guest_matrix)" testId="grid-canvas-guest" main={false} />
      <GridLiveText />
    </div>
  );
}
