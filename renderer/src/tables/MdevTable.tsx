/** mdevs: UUID, guest and state, adapters, domains, control domains, queue count, findings. A click makes it the target. */
import { useMemo } from 'react';
import { hex2, hex4, maskCount, maskToRanges } from '../../../shared/ap';
import { mdevCss } from '../grid/palette';
import { mdevCells } from '../grid/revealCells';
import type { MdevEntry } from '../model/hostIndex';
import { appStore, useApp } from '../store/store';
import { selAfterIndex, selFindings, selTheme } from '../store/selectors';
import DataTable, { type Columns } from './DataTable';

interface MdevRow {
  m: MdevEntry;
  colour: string;
  uuid: string;
  guest: string;
  adapters: string;
  domains: string;
  control: string;
  queues: number;
  findings: number;
}

const columns: Columns<MdevRow> = [
  {
    id: 'colour',
    header: '',
    enableSorting: false,
    cell: (c) => <span className="swatch" style={{ background: c.row.original.colour }} />
  },
  { accessorKey: 'uuid', header: 'UUID', cell: (c) => <code>{c.row.original.uuid}</code> },
  { accessorKey: 'guest', header: 'Guest' },
  { accessorKey: 'adapters', header: 'Adapters' },
  { accessorKey: 'domains', header: 'Domains' },
  { accessorKey: 'control', header: 'Control domains' },
  { accessorKey: 'queues', header: 'Queues' },
  { accessorKey: 'findings', header: 'Findings' }
];

export default function MdevTable(): React.JSX.Element {
  const ix = useApp(selAfterIndex);
  const findings = useApp(selFindings);
  const theme = useApp(selTheme);
  const data = useMemo<MdevRow[]>(
    () =>
      (ix?.mdevs ?? []).map((m) => ({
        m,
        colour: mdevCss(m.index, theme),
        uuid: m.info.uuid,
        guest: m.guest
          ? `${m.guest.name} (${m.guest.running ? 'running' : 'stopped'})`
          : m.info.attached
            ? 'attached (unknown guest)'
            : 'none',
        adapters: maskToRanges(m.apm, hex2) || '—',
        domains: maskToRanges(m.aqm, hex4) || '—',
        control: maskToRanges(m.adm, hex4) || '—',
        queues: maskCount(m.apm) * maskCount(m.aqm),
        findings: findings.filter((f) => f.mdevs.includes(m.info.uuid)).length
      })),
    [ix, findings, theme]
  );
  return (
    <DataTable
      label="mdevs"
      data={data}
      columns={columns}
      rowTestId="mdev-row"
      empty="No mediated devices on this host."
      onRowClick={(r) => {
        appStore.getState().setTarget({ kind: 'mdev', uuid: r.uuid });
        appStore.getState().reveal(mdevCells(r.m), `mdev ${r.m.label}`);
      }}
    />
  );
}
