import { useState, type ReactNode } from 'react';
import { useApp } from '../../store/store-context';

/**
 * The frame every workspace dialog shares: title, what it is about, its fields, Cancel and Save. `save` runs once
 * at a time; on success the dialog closes, on failure the error banner says what failed (`doing`) and it stays open.
 */
export function DialogForm(props: {
  label: string;
  testid: string;
  title: ReactNode;
  target: string;
  doing: string;
  /** Said once the save succeeded (the dialog is gone by then, so the change needs a sign). */
  done: string;
  save: () => Promise<void>;
  canSave?: boolean;
  children: ReactNode;
}) {
  const close = useApp((s) => s.openDialog);
  const report = useApp((s) => s.reportError);
  const notify = useApp((s) => s.notify);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await props.save();
      close(null);
      notify(props.done);
    } catch (err) {
      report(props.doing, err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="dialog"
      role="dialog"
      aria-label={props.label}
      data-testid={props.testid}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{props.title}</h2>
      <div className="muted mono dialog-target">{props.target}</div>
      {props.children}
      <div className="dialog-buttons">
        <button type="button" className="btn-ghost" onClick={() => close(null)}>
          Cancel
        </button>
        <button
          type="submit"
          className="btn-primary"
          data-testid={`${props.testid.replace(/-dialog$/, '')}-save`}
          disabled={busy || props.canSave === false}
        >
          Save
        </button>
      </div>
    </form>
  );
}
