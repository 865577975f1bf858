/** Connect: demo scenarios, a local sysfs root, SSH host aliases; progress and errors in words. */
import { useState } from 'react';
import type { ScenarioName } from '../../../shared/api/contract';
import { appStore, useApp } from '../store/store';
import { selBusy, selConnectError, selConnection, selTargets } from '../store/selectors';

const FALLBACK_SCENARIOS: Array<{ name: ScenarioName; description: string }> = [
  { name: 'demo', description: 'three guests from the kernel documentation' },
  { name: 'default', description: 'four cards, nothing freed' },
  { name: 'legacy', description: 'a 5.15 host with a running guest' },
  { name: 'full', description: '256 × 256 queues, 64 mdevs' }
];

export default function ConnectPanel(): React.JSX.Element {
  const targets = useApp(selTargets);
  const busy = useApp(selBusy);
  const error = useApp(selConnectError);
  const conn = useApp(selConnection);
  const [root, setRoot] = useState<string | null>(null);
  const [etcRoot, setEtcRoot] = useState('');
  const connect = appStore.getState().connect;
  const scenarios = targets?.scenarios.length ? targets.scenarios : FALLBACK_SCENARIOS;
  const localRoot = root ?? targets?.defaultLocalRoot ?? '/sys';
  const current = (kind: string, key: string) =>
    conn &&
    conn.target.kind === kind &&
    ('scenario' in conn.target ? conn.target.scenario : 'host' in conn.target ? conn.target.host : conn.target.root) === key
      ? ' current'
      : '';

  return (
    <section className="panel connect-panel" data-testid="connect-panel" aria-label="Connect">
      <h2>Host</h2>
      <div className="connect-status" aria-live="polite" data-testid="connect-status">
        {busy ? (
          <span className="busy">{busy}</span>
        ) : conn ? (
          <span>Connected: {conn.label}</span>
        ) : (
          <span className="muted">Not connected</span>
        )}
      </div>
      {error && (
        <p className="connect-error" role="alert" data-testid="connect-error">
          {error}
        </p>
      )}
      <h3>Demo hosts</h3>
      <div className="button-list">
        {scenarios.map((s) => (
          <button
            key={s.name}
            className={'scenario' + current('demo', s.name)}
            data-testid={`scenario-${s.name}`}
            disabled={!!busy}
            title={s.description}
            onClick={() => connect({ target: { kind: 'demo', scenario: s.name } })}
          >
            <b>{s.name}</b> <span className="muted">{s.description}</span>
          </button>
        ))}
      </div>
      <h3>Local sysfs</h3>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void connect({ target: { kind: 'local', root: localRoot, ...(etcRoot.trim() ? { etcRoot: etcRoot.trim() } : {}) } });
        }}
      >
        <input
          aria-label="sysfs root"
          data-testid="local-root"
          value={localRoot}
          onChange={(e) => setRoot(e.target.value)}
          spellCheck={false}
        />
        <input
          aria-label="persistent /etc root"
          data-testid="local-etc-root"
          placeholder="/etc (persistent files)"
          value={etcRoot}
          onChange={(e) => setEtcRoot(e.target.value)}
          spellCheck={false}
        />
        <button type="submit" disabled={!!busy} data-testid="connect-local">
          Open
        </button>
      </form>
      <h3>SSH hosts</h3>
      {targets && targets.sshHosts.length === 0 && <p className="muted small">No Host entries in ~/.ssh/config.</p>}
      <div className="button-list">
        {(targets?.sshHosts ?? []).map((h) => (
          <button
            key={h.alias}
            className={'ssh-host' + current('ssh', h.alias)}
            data-testid={`ssh-${h.alias}`}
            disabled={!!busy}
            onClick={() => connect({ target: { kind: 'ssh', host: h.alias } })}
          >
            <b>{h.alias}</b>{' '}
            <span className="muted">
              {h.user ? `${h.user}@` : ''}
              {h.hostName}
              {h.port ? `:${h.port}` : ''}
            </span>
          </button>
        ))}
      </div>
      {conn && (
        <button className="reread" onClick={() => appStore.getState().reread()} disabled={!!busy} data-testid="reread">
          Read the host again
        </button>
      )}
    </section>
  );
}
