/** The stacked view (one grid, every layer) or the side-by-side filter chain LPAR -> host -> mdev -> guest. */
import { useApp } from '../store/store';
import { selViewMode } from '../store/selectors';
import GridLiveText from './GridLiveText';
import GridView from './GridView';

export default function GridArea(): React.JSX.Element {
  const mode = useApp(selViewMode);
  if (mode === 'stacked')
    return (
      <div className="grid-area stacked">
        <GridView level="stacked" title="All layers" testId="grid-canvas" main />
        <GridLiveText />
      </div>
    );
  return (
    <div className="grid-area side">
      <GridView level="lpar" title="1 LPAR configuration" testId="grid-canvas-lpar" main={false} />
      <GridView level="host" title="2 Host ownership (apmask × aqmask)" testId="grid-canvas-host" main={false} />
      <GridView level="mdevs" title="3 mdev matrices" testId="grid-canvas" main />
      <GridView level="guest" title="4 Guest matrices (guest_matrix)" testId="grid-canvas-guest" main={false} />
      <GridLiveText />
    </div>
  );
}
