/** A fixed-height status line under the header: the error banner, or the connection. No layout jump. */
import { appStore, useApp } from '../store/store';
import { selBusy, selConnection, selErrorBanner, selHost } from '../store/selectors';

export default function StatusLine(): React.JSX.Element {
  const error = useApp(selErrorBanner);
  const busy = useApp(selBusy);
  const conn = useApp(selConnection);
  const host = useApp(selHost);
  if (error)
    return (
      <div className="status-line error" role="alert" data-testid="error-banner">
        <span>{error}</span>
        <button className="link" onClick={() => appStore.getState().showError(null)} aria-label="Dismiss">
          ✕
        </button>
      </div>
    );
  return (
    <div className="status-line" aria-live="polite">
      {busy ??
        (conn && host
          ? `${conn.label} · kernel era ${host.era} · max adapter ${host.maxAdapter}, max domain ${host.maxDomain} · read ${new Date(host.readAt).toLocaleTimeString()}`
          : 'Not connected')}
      {host?.warnings.length ? <span className="warn"> · {host.warnings.length} read warnings</span> : null}
    </div>
  );
}
