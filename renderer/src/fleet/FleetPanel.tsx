/**
 * The fleet view: many hosts as rows (summary and a small picture of each
 * matrix), read from demo scenarios, the connect panel's SSH hosts and an
 * Ansible inventory; open one in the editor, re-read one or all; below, the
 * failover table and the cross-host findings.
 */
import type { ScenarioName } from '../../../shared/api/contract';
import { selTargets } from '../store/selectors';
import { appStore, useApp } from '../store/store';
import FleetOverview, { OverviewLegend } from './FleetOverview';
import FleetTables from './FleetTables';
import { fleetStore, useFleet } from './fleetStore';
import './fleet.css';

const DEMOS: ScenarioName[] = ['default', 'demo', 'legacy', 'full'];

/** The header button that opens the fleet view. */
export function FleetButton(): React.JSX.Element {
  const open = useFleet((s) => s.open);
  return (
    <button
      className={'fleet-toggle' + (open ? ' on' : '')}
      aria-pressed={open}
      onClick={() => fleetStore.getState().setOpen(!open)}
      data-testid="fleet-toggle"
      title="Many hosts at once"
    >
      Fleet
    </button>
  );
}

function Sources(): React.JSX.Element {
  const s = useFleet((x) => x);
  const targets = useApp(selTargets);
  const st = fleetStore.getState();
  return (
    <div className="fleet-sources" data-testid="fleet-sources">
      <fieldset>
        <legend>Demo hosts</legend>
        {DEMOS.map((d) => (
          <label key={d} className="check">
            <input type="checkbox" checked={s.demos.includes(d)} onChange={() => st.toggleDemo(d)} data-testid={`fleet-demo-${d}`} /> {d}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>SSH hosts</legend>
        {(targets?.sshHosts ?? []).length === 0 && <span className="muted small">No Host entries in ~/.ssh/config.</span>}
        {(targets?.sshHosts ?? []).map((h) => (
          <label key={h.alias} className="check">
            <input
              type="checkbox"
              checked={s.sshHosts.includes(h.alias)}
              onChange={() => st.toggleSsh(h.alias)}
              data-testid={`fleet-ssh-${h.alias}`}
            />{' '}
            {h.alias}
          </label>
        ))}
      </fieldset>
      <fieldset className="fleet-inventory">
        <legend>Ansible inventory</legend>
        <input
          aria-label="inventory file"
          placeholder="/etc/ansible/hosts"
          value={s.inventoryPath}
          onChange={(e) => st.setInventory(e.target.value, s.inventoryLimit)}
          spellCheck={false}
          data-testid="fleet-inventory"
        />
        <input
          aria-label="group"
          placeholder="group (all)"
          value={s.inventoryLimit}
          onChange={(e) => st.setInventory(s.inventoryPath, e.target.value)}
          spellCheck={false}
          className="fleet-limit"
        />
      </fieldset>
      <button className="primary" onClick={() => void st.readAll()} disabled={s.reading !== null} data-testid="fleet-read">
        {s.view ? 'Re-read all' : 'Read the fleet'}
      </button>
    </div>
  );
}

function findingsText(f: { error: number; warning: number; info: number }): string {
  const parts = [
    f.error && `${f.error} error${f.error > 1 ? 's' : ''}`,
    f.warning && `${f.warning} warning${f.warning > 1 ? 's' : ''}`,
    f.info && `${f.info} info`
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'none';
}

function HostRows(): React.JSX.Element | null {
  const view = useFleet((s) => s.view);
  const reading = useFleet((s) => s.reading);
  if (!view) return null;
  const openHost = (target: NonNullable<(typeof view.hosts)[number]['open']>) => {
    fleetStore.getState().setOpen(false);
    void appStore.getState().connect({ target });
  };
  return (
    <>
      <OverviewLegend />
      <table className="data-table fleet-hosts" data-testid="fleet-hosts">
        <thead>
          <tr>
            <th>Host</th>
            <th>Matrix</th>
            <th>Era</th>
            <th>Cards</th>
            <th>Free queues</th>
            <th>mdevs</th>
            <th>Running guests</th>
            <th>Findings</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {view.hosts.map((h) => (
            <tr key={h.name} data-testid="fleet-host" data-host={h.name} className={h.error ? 'fleet-failed' : ''}>
              <td>
                <b>{h.name}</b>
                <div className="muted small">{h.target}</div>
              </td>
              {h.summary && h.overview ? (
                <>
                  <td>
                    <FleetOverview
                      overview={h.overview}
                      label={`${h.name}: ${h.overview.adapters} adapters by ${h.overview.domains} domains in use`}
                    />
                  </td>
                  <td>{h.summary.era}</td>
                  <td>
                    {h.summary.cards}
                    <div className="muted small">{h.summary.cardTypes}</div>
                  </td>
                  <td>{h.summary.freeQueues}</td>
                  <td>{h.summary.mdevs}</td>
                  <td>{h.summary.guestsKnown ? h.summary.runningGuests.join(', ') || '–' : 'unknown'}</td>
                  <td className={h.summary.findings.error ? 'bad' : h.summary.findings.warning ? 'warn' : ''} data-testid="fleet-findings">
                    {findingsText(h.summary.findings)}
                  </td>
                </>
              ) : (
                <td colSpan={7} className="bad" data-testid="fleet-error">
                  Not read: {h.error?.message ?? 'unknown reason'}
                </td>
              )}
              <td className="fleet-actions">
                <button
                  onClick={() => h.open && openHost(h.open)}
                  disabled={!h.open || !h.summary}
                  title={
                    h.open
                      ? 'Open this host in the editor'
                      : 'Its connection values come from the inventory only: add it to ~/.ssh/config to open it'
                  }
                  data-testid="fleet-open"
                >
                  Open
                </button>
                <button onClick={() => void fleetStore.getState().reread(h.name)} disabled={reading !== null} data-testid="fleet-reread">
                  {reading === h.name ? 'Reading…' : 'Re-read'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The fleet view itself, over the work area while open. */
export default function FleetPanel(): React.JSX.Element | null {
  const open = useFleet((s) => s.open);
  const reading = useFleet((s) => s.reading);
  const error = useFleet((s) => s.error);
  if (!open) return null;
  return (
    <section className="fleet-view" aria-label="Fleet" data-testid="fleet-panel">
      <header className="fleet-head">
        <h2>Fleet</h2>
        <span className="muted" aria-live="polite" data-testid="fleet-status">
          {reading === 'all' ? 'Reading every host…' : reading ? `Reading ${reading}…` : ''}
        </span>
        <span className="spacer" />
        <button onClick={() => fleetStore.getState().setOpen(false)} data-testid="fleet-close">
          Close
        </button>
      </header>
      <Sources />
      {error && (
        <p className="connect-error" role="alert" data-testid="fleet-error-line">
          {error}
        </p>
      )}
      <HostRows />
      <FleetTables />
    </section>
  );
}
