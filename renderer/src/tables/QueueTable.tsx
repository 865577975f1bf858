/** Queues in the columns of `lszcrypt -V`, filtered by text; at most 400 rows are drawn. */
import { plural } from '../model/words';
import { useMemo, useState } from 'react';
import { formatApqn } from '../../../shared/ap';
import type { HostIndex } from '../model/hostIndex';
import { appStore, useApp } from '../store/store';
import { selHostIndex } from '../store/selectors';
import DataTable, { type Columns } from './DataTable';

interface QueueRow {
  cell: number;
  id: string;
  type: string;
  mode: string;
  status: string;
  requests: string;
  hwtype: string;
  depth: string;
  driver: string;
  owner: string;
}

const LIMIT = 400;

const columns: Columns<QueueRow> = [
  { accessorKey: 'id', header: 'CARD.DOM' },
  { accessorKey: 'type', header: 'TYPE' },
  { accessorKey: 'mode', header: 'MODE' },
  { accessorKey: 'status', header: 'STATUS' },
  { accessorKey: 'requests', header: 'REQUESTS' },
  { accessorKey: 'hwtype', header: 'HWTYPE' },
  { accessorKey: 'depth', header: 'QDEPTH' },
  { accessorKey: 'driver', header: 'DRIVER' },
  { accessorKey: 'owner', header: 'OWNER' }
];

function rows(ix: HostIndex): QueueRow[] {
  return ix.host.queues.map((q) => {
    const c = ix.cards.get(q.adapter);
    const cell = (q.adapter << 8) | q.domain;
    const holders = ix.mdevs.filter(
      (m) => m.apm[q.adapter >> 3] & (0x80 >> (q.adapter & 7)) && m.aqm[q.domain >> 3] & (0x80 >> (q.domain & 7))
    );
    const online = q.config === false ? 'deconfig' : q.chkstop ? 'checkstop' : q.online === false ? 'offline' : 'online';
    return {
      cell,
      id: formatApqn(q.adapter, q.domain),
      type: c?.type ?? '-',
      mode: c?.mode ?? '-',
      status: online,
      requests: q.requestCount === null ? '-' : String(q.requestCount),
      hwtype: c ? String(c.hwtype) : '-',
      depth: c ? String(c.depth + 1) : '-',
      driver: q.driver ?? '-',
      owner: holders.map((m) => m.label).join(', ') || (q.driver === 'vfio_ap' ? 'free' : 'host')
    };
  });
}

export default function QueueTable(): React.JSX.Element {
  const ix = useApp(selHostIndex);
  const [filter, setFilter] = useState('');
  const all = useMemo(() => (ix ? rows(ix) : []), [ix]);
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const m = f ? all.filter((r) => `${r.id} ${r.type} ${r.mode} ${r.status} ${r.driver} ${r.owner}`.toLowerCase().includes(f)) : all;
    return { rows: m.slice(0, LIMIT), total: m.length };
  }, [all, filter]);
  return (
    <div className="queue-table">
      <div className="table-tools">
        <input
          type="search"
          placeholder="Filter: 05.00, CEX8, vfio_ap, Guest2…"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label="Filter queues"
          data-testid="queue-filter"
        />
        <span className="muted">
          {shown.total > LIMIT ? `showing ${LIMIT} of ${shown.total}; narrow the filter` : plural(shown.total, 'queue')}
        </span>
      </div>
      <DataTable
        label="queues"
        data={shown.rows}
        columns={columns}
        rowTestId="queue-row"
        empty="No queue devices."
        onRowClick={(r) => {
          appStore.getState().setCursor(r.cell);
          appStore.getState().selectCells([r.cell], 'replace');
          appStore.getState().reveal([r.cell], `queue ${r.id}`);
        }}
      />
    </div>
  );
}
