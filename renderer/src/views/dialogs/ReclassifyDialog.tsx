import { useState } from 'react';
import { CATEGORIES, type Category } from '../../../../shared/model';
import { useApp, useConnection } from '../../store/store-context';
import type { Dialog } from '../../store/ui-slice';
import { DialogForm } from './DialogForm';

/** Change an identity's classification; a note is required and the change goes to custody. */
export function ReclassifyDialog({ d }: { d: Extract<Dialog, { kind: 'reclassify' }> }) {
  const conn = useConnection();
  const changed = useApp((s) => s.dataChanged);
  const selectedUid = useApp((s) => s.selectedIdentity?.actor_uid);
  const select = useApp((s) => s.selectIdentity);
  const [category, setCategory] = useState<Category | 'automatic'>(d.category as Category);
  const [note, setNote] = useState('');

  const save = async () => {
    const identity = await conn.api.setIdentityCategory({
      actor_uid: d.actor_uid,
      category: category === 'automatic' ? null : category,
      note,
    });
    // The identity in focus shows its new category and reason at once.
    if (selectedUid === identity.actor_uid) select(identity);
    changed();
  };

  return (
    <DialogForm
      label="Change the classification"
      testid="reclassify-dialog"
      title="Change the classification"
      target={d.label}
      doing="Changing the classification"
      done={`${d.label} is now ${category === 'automatic' ? 'classified automatically' : category} · written to custody`}
      save={save}
      canSave={!!note.trim()}
    >
      <div className="dialog-row">
        {[...CATEGORIES, 'automatic' as const].map((c) => (
          <label key={c}>
            <input
              type="radio"
              name="category"
              data-testid={`reclassify-${c}`}
              checked={category === c}
              onChange={() => setCategory(c)}
            />{' '}
            {c === 'automatic' ? 'automatic (undo)' : c}
          </label>
        ))}
      </div>
      <label className="dialog-field">
        Why (required, goes to the custody log)
        <textarea
          data-testid="reclassify-note"
          rows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          autoFocus
        />
      </label>
    </DialogForm>
  );
}
