import { useState, type FormEvent } from 'react';
import { useApp, useConnection } from '../store/store-context';

/** Open or create a case: native folder dialogs in Electron, a path field in the browser. */
export function CaseOpener() {
  const conn = useConnection();
  const openCase = useApp((s) => s.openCase);
  const pickAndOpen = useApp((s) => s.pickAndOpenCase);
  const busy = useApp((s) => s.caseLoading);
  const [path, setPath] = useState('');

  if (conn.pickPath) {
    return (
      <div className="case-opener">
        <button type="button" data-testid="open-case-button" disabled={busy} onClick={() => void pickAndOpen(false)}>
          Open case…
        </button>
        <button type="button" data-testid="create-case-button" disabled={busy} onClick={() => void pickAndOpen(true)}>
          New case…
        </button>
      </div>
    );
  }

  const submit = (create: boolean) => (e?: FormEvent) => {
    e?.preventDefault();
    const p = path.trim();
    if (p) void openCase(p, create);
  };
  return (
    <form className="case-opener" onSubmit={submit(false)}>
      <input
        type="text"
        className="mono"
        data-testid="case-path-input"
        placeholder="/path/to/investigation.trailmark"
        aria-label="Case folder path"
        spellCheck={false}
        value={path}
        onChange={(e) => setPath(e.target.value)}
      />
      <button type="submit" data-testid="open-case-button" disabled={busy || !path.trim()}>
        Open
      </button>
      <button type="button" data-testid="create-case-button" disabled={busy || !path.trim()} onClick={submit(true)}>
        Create
      </button>
    </form>
  );
}
