/** Failover readiness per running guest, and the findings only a fleet shows. */
import { formatApqn } from '../../../shared/ap';
import { useFleet } from './fleetStore';

export default function FleetTables(): React.JSX.Element | null {
  const view = useFleet((s) => s.view);
  if (!view) return null;
  return (
    <div className="fleet-tables">
      <h3>Failover readiness</h3>
      {view.failover.length === 0 ? (
        <p className="muted small">No running guest with crypto queues.</p>
      ) : (
        <table className="data-table" data-testid="fleet-failover">
          <thead>
            <tr>
              <th>Guest</th>
              <th>On host</th>
              <th>Queues</th>
              <th>Could move to</th>
            </tr>
          </thead>
          <tbody>
            {view.failover.map((r) => (
              <tr key={`${r.host}/${r.guest}`} data-testid="fleet-failover-row">
                <td>{r.guest}</td>
                <td>{r.host}</td>
                <td title={r.cells.map((c) => formatApqn(c >>> 8, c & 0xff)).join(' ')}>{r.cells.length}</td>
                <td className={r.readyOn.length ? '' : 'warn'} title={r.blocked.map((b) => b.reason).join('\n')}>
                  {r.readyOn.length ? r.readyOn.join(', ') : 'nowhere'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Cross-host findings</h3>
      {view.findings.length === 0 ? (
        <p className="muted small">None.</p>
      ) : (
        <ul className="fleet-findings" data-testid="fleet-cross-findings">
          {view.findings.map((f, i) => (
            <li
              key={i}
              className={f.severity === 'error' ? 'bad' : f.severity === 'warning' ? 'warn' : ''}
              data-testid="fleet-cross-finding"
            >
              <b>{f.severity}</b> {f.code}: {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
