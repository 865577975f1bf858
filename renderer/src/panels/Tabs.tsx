/** The lower panel: mdevs, queues, plan, findings, export. */
import FindingsTable from '../tables/FindingsTable';
import MdevTable from '../tables/MdevTable';
import PlanTable from '../tables/PlanTable';
import QueueTable from '../tables/QueueTable';
import ExportPanel from './ExportPanel';
import type { TabName } from '../store/viewSlice';
import { appStore, useApp } from '../store/store';
import { selFindings, selOperationCount, selTab, selValidationError } from '../store/selectors';

export default function Tabs(): React.JSX.Element {
  const tab = useApp(selTab);
  const nOps = useApp(selOperationCount);
  const nFind = useApp(selFindings).length;
  const vErr = useApp(selValidationError);
  const tabs: Array<[TabName, string]> = [
    ['mdevs', 'mdevs'],
    ['queues', 'Queues'],
    ['plan', `Plan (${nOps})`],
    ['findings', `Findings (${nFind})`],
    ['export', 'Export']
  ];
  return (
    <section className="tabs">
      <div className="tab-strip" role="tablist">
        {tabs.map(([t, label]) => (
          <button
            key={t}
            role="tab"
            aria-selected={tab === t}
            className={tab === t ? 'on' : ''}
            onClick={() => appStore.getState().setTab(t)}
            data-testid={`tab-${t}`}
          >
            {label}
          </button>
        ))}
        {vErr && <span className="bad small">{vErr}</span>}
      </div>
      <div className="tab-body" role="tabpanel">
        {tab === 'mdevs' && <MdevTable />}
        {tab === 'queues' && <QueueTable />}
        {tab === 'plan' && <PlanTable />}
        {tab === 'findings' && <FindingsTable />}
        {tab === 'export' && <ExportPanel />}
      </div>
    </section>
  );
}
