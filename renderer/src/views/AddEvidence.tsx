import { useState, type KeyboardEvent } from 'react';
import { splitPaths } from '../format/paths';
import { useApp, useConnection } from '../store/store-context';

/** Evidence files, folders or archives: a native picker in Electron, typed paths in the browser. */
export function AddEvidence() {
  const conn = useConnection();
  const startIngest = useApp((s) => s.startIngest);
  const pickAndIngest = useApp((s) => s.pickAndIngest);
  const running = useApp((s) => s.job?.state === 'running');
  const [text, setText] = useState('');

  if (conn.pickPath) {
    return (
      <div className="add-evidence">
        <button
          type="button"
          className="btn-primary"
          data-testid="add-evidence-button"
          disabled={running}
          onClick={() => void pickAndIngest()}
        >
          Add evidence…
        </button>
      </div>
    );
  }

  const paths = splitPaths(text);
  const submit = () => {
    if (paths.length === 0 || running) return;
    void startIngest(paths).then(() => setText(''));
  };
  // Enter adds; Shift+Enter starts another line for another path.
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      submit();
    }
  };
  return (
    <div className="add-evidence">
      <textarea
        className="mono"
        rows={Math.min(4, text.split('\n').length)}
        data-testid="add-evidence-input"
        aria-label="Evidence paths, one per line or comma separated"
        placeholder="Evidence paths: files, folders, archives"
        spellCheck={false}
        wrap="off"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <button
        type="button"
        className="btn-primary"
        data-testid="add-evidence-button"
        disabled={running || paths.length === 0}
        onClick={submit}
      >
        Add evidence
      </button>
    </div>
  );
}
