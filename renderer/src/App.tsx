/** The window: header, status line, side panels, editing bar, grids, tables, dialogs. */
import { useEffect } from 'react';
import FleetPanel, { FleetButton } from './fleet/FleetPanel';
import GridArea from './grid/GridArea';
import Overview from './grid/Overview';
import RefusalNote from './grid/RefusalNote';
import ApplyDialog from './panels/ApplyDialog';
import ConnectPanel from './panels/ConnectPanel';
import EditBar from './panels/EditBar';
import GoToBox from './panels/GoToBox';
import HoverCard from './panels/HoverCard';
import LayerPanel from './panels/LayerPanel';
import { HostKeyPrompt, SecretPrompt } from './panels/Prompts';
import SplitBar from './panels/SplitBar';
import StatusLine from './panels/StatusLine';
import SwitchPrompt from './panels/SwitchPrompt';
import Tabs from './panels/Tabs';
import AfterRebootPanel from './panels/AfterRebootPanel';
import Toolbar from './panels/Toolbar';
import { useApp } from './store/store';
import { selTheme } from './store/selectors';
import type { AppState } from './store/types';

const selLayout = (s: AppState) =>
  `${s.sidebarCollapsed ? ' sidebar-collapsed' : ''}|${s.cardCollapsed ? ' card-collapsed' : ''}|${s.tablesPx ?? ''}`;

export default function App(): React.JSX.Element {
  const theme = useApp(selTheme);
  // layout: side panels folded away, the height the split bar gave the tables
  const [bodyClass, workClass, tablesPx] = useApp(selLayout).split('|');
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <div className="app">
      <header className="app-header">
        <h1>AP Matrix</h1>
        <Toolbar />
        <FleetButton />
      </header>
      <StatusLine />
      <div className={'app-body' + bodyClass}>
        <aside className="sidebar">
          <ConnectPanel />
          <LayerPanel />
          <AfterRebootPanel />
        </aside>
        <main className="main">
          <EditBar />
          <div className={'work' + workClass}>
            <GridArea />
            <div className="side-col">
              <GoToBox />
              <RefusalNote />
              <Overview />
              <HoverCard />
            </div>
          </div>
          <SplitBar />
          <div className="tabs-wrap" style={tablesPx ? { height: `${tablesPx}px` } : undefined}>
            <Tabs />
          </div>
        </main>
      </div>
      <FleetPanel />
      <ApplyDialog />
      <HostKeyPrompt />
      <SecretPrompt />
      <SwitchPrompt />
    </div>
  );
}
