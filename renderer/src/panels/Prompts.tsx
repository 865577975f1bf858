/** The host-key prompt (SHA256 fingerprint, accept or reject) and the passphrase prompt (never stored). */
import { useState } from 'react';
import { appStore, useApp } from '../store/store';
import { selHostKeyPrompt, selSecretPrompt } from '../store/selectors';

export function HostKeyPrompt(): React.JSX.Element | null {
  const p = useApp(selHostKeyPrompt);
  if (!p) return null;
  const answer = appStore.getState().answerHostKey;
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="hk-title" data-testid="hostkey-prompt">
        <h2 id="hk-title">{p.knownFingerprint ? 'The host key has CHANGED' : 'Unknown host key'}</h2>
        <p>{p.message}</p>
        <p>
          Fingerprint offered:{' '}
          <code className="fingerprint" data-testid="hostkey-fingerprint">
            {p.fingerprint}
          </code>
        </p>
        {p.knownFingerprint && (
          <p className="warn">
            known_hosts has <code>{p.knownFingerprint}</code>. Accept only if you know why the key changed.
          </p>
        )}
        <p className="muted small">Compare it with `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` on the host.</p>
        <div className="modal-actions">
          <button onClick={() => answer(false)} data-testid="hostkey-reject">
            Reject
          </button>
          <button className="primary" onClick={() => answer(true)} data-testid="hostkey-accept">
            Accept this key and connect
          </button>
        </div>
      </div>
    </div>
  );
}

export function SecretPrompt(): React.JSX.Element | null {
  const p = useApp(selSecretPrompt);
  const [secret, setSecret] = useState('');
  if (!p) return null;
  const answer = (s: string | null) => {
    setSecret('');
    appStore.getState().answerSecret(s);
  };
  return (
    <div className="modal-backdrop">
      <form
        className="modal"
        role="dialog"
        aria-modal="true"
        data-testid="secret-prompt"
        onSubmit={(e) => {
          e.preventDefault();
          answer(secret);
        }}
      >
        <h2>Passphrase needed</h2>
        <p>{p.message}</p>
        <input
          type="password"
          autoFocus
          autoComplete="off"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          aria-label="passphrase"
          data-testid="secret-input"
        />
        <p className="muted small">Used for this connection only; never stored.</p>
        <div className="modal-actions">
          <button type="button" onClick={() => answer(null)}>
            Cancel
          </button>
          <button className="primary" type="submit">
            Connect
          </button>
        </div>
      </form>
    </div>
  );
}
