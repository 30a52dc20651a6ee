import { useState } from 'react';
import { CATEGORIES, type Category } from '../../../../shared/model';
import { useApp, useConnection } from '../../store/store-context';
import type { Dialog } from '../../store/ui-slice';

/** Change an identity's classification; a note is required and the change goes to custody. */
export function ReclassifyDialog({ d }: { d: Extract<Dialog, { kind: 'reclassify' }> }) {
  const conn = useConnection();
  const close = useApp((s) => s.openDialog);
  const report = useApp((s) => s.reportError);
  const refresh = useApp((s) => s.refreshCase);
  const changed = useApp((s) => s.annotationsChanged);
  const reloadExplorer = useApp((s) => s.reloadExplorer);
  const reloadIdentities = useApp((s) => s.reloadIdentities);
  const selectedUid = useApp((s) => s.selectedIdentity?.actor_uid);
  const select = useApp((s) => s.selectIdentity);
  const [category, setCategory] = useState<Category | 'automatic'>(d.category as Category);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setBusy(true);
    try {
      const identity = await conn.api.setIdentityCategory({
        actor_uid: d.actor_uid,
        category: category === 'automatic' ? null : category,
        note,
      });
      // The identity in focus shows its new category and reason at once.
      if (selectedUid === identity.actor_uid) select(identity);
      changed();
      reloadExplorer();
      reloadIdentities();
      void refresh();
      close(null);
    } catch (err) {
      report('Changing the classification', err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="dialog"
      role="dialog"
      aria-label="Change the classification"
      data-testid="reclassify-dialog"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2>Change the classification</h2>
      <div className="muted mono dialog-target">{d.label}</div>
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
      <div className="dialog-buttons">
        <button type="button" className="btn-ghost" onClick={() => close(null)}>
          Cancel
        </button>
        <button type="submit" className="btn-primary" data-testid="reclassify-save" disabled={busy || !note.trim()}>
          Save
        </button>
      </div>
    </form>
  );
}
