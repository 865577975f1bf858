/**
 * The one table component (@tanstack/react-table v9): sortable headers, a
 * sticky header row, optional row click and a data-testid per row.
 */
import {
  createSortedRowModel,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
  useTable,
  type ColumnDef,
  type RowData,
  type SortingState
} from '@tanstack/react-table';
import { useState } from 'react';

export const tableFeatureSet = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic }
});
export type Features = typeof tableFeatureSet;
export type Columns<T extends RowData> = Array<ColumnDef<Features, T>>;

export interface DataTableProps<T extends RowData> {
  data: T[];
  columns: Columns<T>;
  rowTestId?: string;
  onRowClick?: (row: T) => void;
  rowClassName?: (row: T) => string;
  empty: string;
  label: string;
}

export default function DataTable<T extends RowData>({
  data,
  columns,
  rowTestId,
  onRowClick,
  rowClassName,
  empty,
  label
}: DataTableProps<T>): React.JSX.Element {
  const [sorting, setSorting] = useState<SortingState>([]);
  const table = useTable({ features: tableFeatureSet, columns, data, state: { sorting }, onSortingChange: setSorting });
  const rows = table.getRowModel().rows;
  return (
    <div className="table-wrap">
      <table className="data-table" aria-label={label}>
        <thead>
          {table.getHeaderGroups().map((g) => (
            <tr key={g.id}>
              {g.headers.map((h) => {
                const dir = h.column.getIsSorted();
                return (
                  <th
                    key={h.id}
                    onClick={h.column.getToggleSortingHandler()}
                    className={h.column.getCanSort() ? 'sortable' : undefined}
                    aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : undefined}
                  >
                    {h.isPlaceholder ? null : <table.FlexRender header={h} />}
                    <span className="sort-mark">{dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ''}</span>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td className="empty" colSpan={columns.length}>
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr
                key={r.id}
                data-testid={rowTestId}
                className={(onRowClick ? 'clickable ' : '') + (rowClassName?.(r.original) ?? '')}
                onClick={onRowClick ? () => onRowClick(r.original) : undefined}
              >
                {r.getAllCells().map((c) => (
                  <td key={c.id}>
                    <table.FlexRender cell={c} />
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
