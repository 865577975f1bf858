/** Audit findings; a click selects their cells in the grid and shows the first one. */
import type { Finding } from '../../../shared/api/contract';
import { appStore, useApp } from '../store/store';
import { selFindings } from '../store/selectors';
import DataTable, { type Columns } from './DataTable';

const SEV_ORDER = { error: 0, warning: 1, info: 2 };

const columns: Columns<Finding> = [
  {
    accessorFn: (f) => SEV_ORDER[f.severity],
    id: 'severity',
    header: 'Severity',
    cell: (c) => <span className={`sev sev-${c.row.original.severity}`}>{c.row.original.severity}</span>
  },
  { accessorKey: 'code', header: 'Code', cell: (c) => <code>{c.row.original.code}</code> },
  { accessorKey: 'message', header: 'Finding' },
  { accessorFn: (f) => f.cells.length, id: 'cells', header: 'Queues' }
];

export function selectFinding(f: Finding): void {
  const st = appStore.getState();
  if (f.cells.length && st.compact) {
    // make sure the finding's ids are shown
    const hidden = f.cells.some((c) => !st.axes.rowShown[c >> 8] || !st.axes.colShown[c & 255]);
    if (hidden) st.setCompact(false);
  }
  st.selectCells(f.cells, 'replace');
  if (f.cells.length) {
    st.setCursor(f.cells[0]);
    st.reveal(f.cells, `finding ${f.code}`);
  }
  if (f.mdevs.length === 1) st.setTarget({ kind: 'mdev', uuid: f.mdevs[0] });
}

export default function FindingsTable(): React.JSX.Element {
  const findings = useApp(selFindings);
  return (
    <DataTable
      label="audit findings"
      data={findings}
      columns={columns}
      rowTestId="finding"
      empty="No findings: the audit found nothing to report."
      onRowClick={selectFinding}
      rowClassName={(f) => `sev-row-${f.severity}`}
    />
  );
}
