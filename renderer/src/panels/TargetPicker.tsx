/**
 * The edit target: the host masks, an mdev, or a new mdev with a name the user
 * types and a UUID the user may paste or keep. The picker always shows the
 * real target: a new mdev the plan creates is listed as itself, marked
 * "(new)" until the host has it (after apply).
 */
import { useState } from 'react';
import { appStore, useApp } from '../store/store';
import { selAfterIndex, selHostIndex, selMdevNames, selTarget } from '../store/selectors';
import type { MdevEntry } from '../model/hostIndex';

function optionText(m: MdevEntry, isNew: boolean): string {
  const name = m.label === m.short ? m.short : `${m.label} · ${m.short}`;
  return `mdev ${name}${isNew ? ' (new)' : ''}`;
}

export default function TargetPicker(): React.JSX.Element {
  const target = useApp(selTarget);
  const ix = useApp(selAfterIndex);
  const read = useApp(selHostIndex);
  const names = useApp(selMdevNames);
  const st = appStore.getState();
  const uuid = target.kind === 'host' ? null : target.uuid;
  const planned = !!uuid && !!ix?.mdevByUuid.has(uuid);
  // a new mdev: not on the host as read (it may already be created by the plan)
  const fresh = !!uuid && !read?.mdevByUuid.has(uuid);
  const [uuidText, setUuidText] = useState(uuid ?? '');
  // a new target resets the field: adjusted while rendering, the way React documents it
  const [shownFor, setShownFor] = useState(uuid);
  if (shownFor !== uuid) {
    setShownFor(uuid);
    setUuidText(uuid ?? '');
  }

  return (
    <>
      <label className="field">
        Target
        <select
          value={uuid ?? 'host'}
          data-testid="target-picker"
          onChange={(e) => {
            const v = e.target.value;
            if (v === 'host') st.setTarget({ kind: 'host' });
            else if (v === 'new') st.newMdevTarget();
            else if (ix?.mdevByUuid.has(v)) st.setTarget({ kind: 'mdev', uuid: v });
          }}
        >
          <option value="host">Host masks (apmask × aqmask)</option>
          {(ix?.mdevs ?? []).map((m) => (
            <option key={m.info.uuid} value={m.info.uuid}>
              {optionText(m, !read?.mdevByUuid.has(m.info.uuid))}
            </option>
          ))}
          {uuid && !planned && <option value={uuid}>New mdev {names[uuid] ?? uuid.slice(0, 8)} (not created yet)</option>}
          <option value="new">New mdev…</option>
        </select>
      </label>
      {uuid && fresh && (
        <>
          <label className="field" title="A name for this mdev in AP Matrix (the kernel knows it by UUID only)">
            Name
            <input
              data-testid="new-mdev-name"
              size={12}
              value={names[uuid] ?? ''}
              placeholder="e.g. web1"
              onChange={(e) => st.setMdevName(uuid, e.target.value)}
            />
          </label>
          <label
            className="field"
            title={
              planned
                ? 'The plan already creates this mdev; undo its edits to change the UUID'
                : 'Generated; paste another UUID to use it instead'
            }
          >
            UUID
            <input
              data-testid="new-mdev-uuid"
              size={36}
              spellCheck={false}
              value={uuidText}
              readOnly={planned}
              onChange={(e) => setUuidText(e.target.value)}
              onBlur={() => {
                if (uuidText.trim().toLowerCase() === uuid) return;
                const name = names[uuid];
                if (st.newMdevTarget(name, uuidText) === null) setUuidText(uuid);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
              }}
            />
          </label>
        </>
      )}
    </>
  );
}
