/** Apply: confirm the listed operations, follow each step live, then the result and the rollback. */
import { describeOperation } from '../../../shared/plan/operations';
import { persistentLine } from '../model/persistentLine';
import { plural } from '../model/words';
import { appStore, useApp } from '../store/store';
import PersistChoice from './PersistChoice';
import {
  selApplyOps,
  selApplyError,
  selApplyPhase,
  selApplyResult,
  selComposed,
  selConnection,
  selHost,
  selProgress,
  selVerdicts
} from '../store/selectors';

export default function ApplyDialog(): React.JSX.Element | null {
  const phase = useApp(selApplyPhase);
  const composed = useApp(selComposed);
  const progress = useApp(selProgress);
  const result = useApp(selApplyResult);
  const error = useApp(selApplyError);
  const conn = useApp(selConnection);
  const verdicts = useApp(selVerdicts);
  const applied = useApp(selApplyOps);
  const host = useApp(selHost);
  if (phase === 'idle') return null;
  const st = appStore.getState();
  const ops = phase === 'confirm' ? (composed?.operations ?? []) : applied;
  const refused = verdicts?.findIndex((v) => v.errno) ?? -1;
  const unsafe = verdicts?.find((v) => v.errno === 'UNSAFE') ?? null;
  return (
    <div className="modal-backdrop">
      <div className="modal wide" role="dialog" aria-modal="true" aria-labelledby="apply-title" data-testid="apply-dialog">
        <h2 id="apply-title">
          {phase === 'confirm'
            ? `Apply ${plural(ops.length, 'operation')} to ${conn?.label}?`
            : phase === 'running'
              ? 'Applying…'
              : 'Result'}
        </h2>
        {phase === 'confirm' && (
          <>
            <p>
              The host is checked for changes since it was read, the AP configuration lock is taken, and the plan stops at the first refused
              write.
            </p>
            {unsafe && (
              <p className="warn" data-testid="apply-unsafe">
                AP Matrix refuses this plan: {unsafe.message}
              </p>
            )}
            {!unsafe && refused >= 0 && (
              <p className="warn">
                The kernel model predicts that step {refused + 1} will be refused ({verdicts![refused].errno}), so AP Matrix will refuse the
                whole plan before writing anything.
              </p>
            )}
            <ol className="op-list">
              {ops.map((op, i) => (
                <li key={i}>{describeOperation(op)}</li>
              ))}
            </ol>
            {host && <PersistChoice host={host} operations={ops} />}
            <div className="modal-actions">
              <button onClick={() => st.cancelApply()} data-testid="apply-cancel">
                Cancel
              </button>
              <button className="primary danger" onClick={() => st.runApply()} disabled={!!unsafe} data-testid="apply-confirm">
                Apply to the host
              </button>
            </div>
          </>
        )}
        {phase !== 'confirm' && (
          <>
            <p className="muted" role="status" data-testid="apply-status">
              {progress.filter((x) => x.step === 0).at(-1)?.message ?? (phase === 'running' ? 'starting…' : '')}
            </p>
            <ol className="op-list progress" data-testid="apply-progress">
              {ops.map((op, i) => {
                const p = progress.find((x) => x.step === i + 1);
                // once the result is in, the re-read host decides what landed (not the stream)
                const state = result
                  ? i < result.landed
                    ? 'ok'
                    : i === result.landed && !result.ok
                      ? 'failed'
                      : 'skipped'
                  : (p?.state ?? 'waiting');
                return (
                  <li key={i} className={`step-${state}`} data-testid="apply-step">
                    <span className="step-state">{state === 'ok' ? '✓' : state === 'failed' ? '✗' : state === 'running' ? '…' : '·'}</span>{' '}
                    {describeOperation(op)}
                    {state === 'failed' && p?.message ? <div className="step-msg">{p.message}</div> : null}
                  </li>
                );
              })}
            </ol>
          </>
        )}
        {phase === 'done' && (
          <div className="apply-result" data-testid="apply-result" role="status">
            {error ? (
              <p className="bad">Apply failed before any result came back: {error}</p>
            ) : result ? (
              <>
                <p className={result.ok ? 'ok' : 'bad'}>
                  {result.already
                    ? "Already applied: the host is in the plan's end state; nothing was written."
                    : result.interrupted
                      ? result.error
                      : result.ok
                        ? result.total === 1
                          ? 'The step landed.'
                          : `All ${result.total} steps landed.`
                        : `${result.landed} of ${plural(result.total, 'step')} landed. ${result.error ?? ''}`}
                </p>
                {result.persistent && (
                  <p className={result.persistent.landed === result.persistent.total ? 'ok' : 'bad'} data-testid="apply-persistent">
                    {persistentLine(result.persistent)}
                  </p>
                )}
                <p className="muted">
                  The host was read again; the grid shows the new state ({plural(result.findings.length, 'finding')}).
                </p>
              </>
            ) : null}
            <div className="modal-actions">
              {result?.interrupted?.ownPlan && (
                <>
                  <button onClick={() => st.runApply('resume')} data-testid="apply-resume">
                    Finish it (steps {result.interrupted.landed + 1}-{result.interrupted.total})
                  </button>
                  <button className="danger" onClick={() => st.runApply('rollback')} data-testid="apply-undo-interrupted">
                    Roll back its {result.interrupted.landed} landed steps
                  </button>
                </>
              )}
              {result && result.rollback.operations.length > 0 && (
                <button onClick={() => st.offerRollback()} data-testid="apply-rollback">
                  Load the rollback as a new plan ({result.rollback.operations.length} ops)
                </button>
              )}
              <button className="primary" onClick={() => st.closeApply()} data-testid="apply-close">
                Close
              </button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
