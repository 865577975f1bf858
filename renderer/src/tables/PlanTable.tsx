/** The plan's operations with their sysfs write and the kernel's verdict for each. */
import { useMemo } from 'react';
import { describeOperation, opPath, opPayload, type Operation } from '../../../shared/plan/operations';
import type { OperationVerdict } from '../../../shared/api/contract';
import { operationCells } from '../grid/revealCells';
import { appStore, useApp } from '../store/store';
import { selComposed, selValidating, selVerdictChanged, selVerdicts } from '../store/selectors';
import PlanTools from '../panels/PlanTools';
import DataTable, { type Columns } from './DataTable';

interface OpRow {
  n: number;
  op: Operation;
  what: string;
  write: string;
  verdict: OperationVerdict | null;
  pending: boolean;
  /** the verdict differs from the one before the host was read again */
  changed: boolean;
}

const columns: Columns<OpRow> = [
  { accessorKey: 'n', header: '#' },
  { accessorKey: 'what', header: 'Operation' },
  { accessorKey: 'write', header: 'Write', cell: (c) => <code className="write">{c.row.original.write}</code> },
  {
    id: 'verdict',
    header: 'Kernel verdict',
    enableSorting: false,
    cell: (c) => {
      const { verdict, pending, changed } = c.row.original;
      if (!verdict)
        return (
          <span data-testid="op-verdict" className="verdict pending">
            {pending ? 'checking…' : 'not checked'}
          </span>
        );
      return (
        <span
          data-testid="op-verdict"
          className={`verdict ${verdict.errno ? 'bad' : 'ok'}${changed ? ' verdict-changed' : ''}`}
          title={verdict.message}
        >
          {changed && <b data-testid="op-changed">changed since the re-read: </b>}
          {verdict.errno
            ? `${verdict.errno}: ${verdict.message}`
            : `ok${verdict.message && verdict.message !== 'fine' ? ': ' + verdict.message : ''}`}
        </span>
      );
    }
  }
];

export default function PlanTable(): React.JSX.Element {
  const composed = useApp(selComposed);
  const verdicts = useApp(selVerdicts);
  const validating = useApp(selValidating);
  const changed = useApp(selVerdictChanged);
  const data = useMemo<OpRow[]>(
    () =>
      (composed?.operations ?? []).map((op, i) => ({
        n: i + 1,
        op,
        what: describeOperation(op),
        write: `echo ${opPayload(op)} > ${opPath(op)}`,
        verdict: verdicts?.[i] ?? null,
        pending: validating,
        changed: !!changed?.[i]
      })),
    [composed, verdicts, validating, changed]
  );
  return (
    <>
      <PlanTools />
      <DataTable
        label="plan operations"
        data={data}
        columns={columns}
        rowTestId="plan-op"
        empty="The plan is empty: click a cell or drag a rectangle on the grid."
        rowClassName={(r) => (r.verdict?.errno ? 'refused' : '')}
        onRowClick={(r) => {
          const st = appStore.getState();
          st.reveal(operationCells(r.op, st.afterIndex, st.hostIndex), `step ${r.n}: ${r.what}`);
        }}
      />
    </>
  );
}
