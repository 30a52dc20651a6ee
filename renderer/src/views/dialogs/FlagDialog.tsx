import { useState } from 'react';
import type { AnnotationKind } from '../../../../shared/methods/workspace';
import { SEVERITY_LEVELS, type SeverityLevel } from '../../../../shared/model';
import { useApp, useConnection } from '../../store/store-context';
import type { Dialog } from '../../store/ui-slice';
import { DialogForm } from './DialogForm';

/** Flag or note on an event, identity, finding or time range: severity, tags, a note. Goes to custody. */
export function FlagDialog({ d }: { d: Extract<Dialog, { kind: 'flag' }> }) {
  const conn = useConnection();
  const changed = useApp((s) => s.dataChanged);
  const [kind, setKind] = useState<AnnotationKind>('flag');
  const [severity, setSeverity] = useState<SeverityLevel>('medium');
  const [tags, setTags] = useState('');
  const [note, setNote] = useState('');

  const save = async () => {
    await conn.api.addAnnotation({
      target_kind: d.target_kind,
      target_id: d.target_id,
      kind,
      severity: kind === 'flag' ? severity : null,
      tags: tags
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      note,
    });
    changed();
  };

  return (
    <DialogForm
      label="Flag or note"
      testid="flag-dialog"
      title={`${kind === 'flag' ? 'Flag' : 'Note on'} ${d.target_kind}`}
      target={d.label}
      doing="Saving the flag"
      done={`${kind === 'flag' ? 'Flag' : 'Note'} saved on ${d.target_kind} ${d.label} · written to custody`}
      save={save}
    >
      <div className="dialog-row">
        <label>
          <input type="radio" checked={kind === 'flag'} onChange={() => setKind('flag')} /> Flag
        </label>
        <label>
          <input type="radio" checked={kind === 'note'} onChange={() => setKind('note')} /> Note
        </label>
        {kind === 'flag' && (
          <select
            aria-label="Severity"
            data-testid="flag-severity"
            value={severity}
            onChange={(e) => setSeverity(e.target.value as SeverityLevel)}
          >
            {SEVERITY_LEVELS.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        )}
      </div>
      <label className="dialog-field">
        Tags (comma separated)
        <input type="text" data-testid="flag-tags" value={tags} onChange={(e) => setTags(e.target.value)} />
      </label>
      <label className="dialog-field">
        Note
        <textarea data-testid="flag-note" rows={4} value={note} onChange={(e) => setNote(e.target.value)} autoFocus />
      </label>
    </DialogForm>
  );
}
