import { useMemo, useState } from 'react';
import { parseJsonFirstWins } from '../../../../shared/json-first-wins';
import { flattenJson } from './json-paths';

/** The raw record as a tree; a click on a key copies its path (e.g. userIdentity.sessionContext.sessionIssuer.arn). */
export function JsonTree({ raw }: { raw: string }) {
  const lines = useMemo(() => {
    try {
      return flattenJson(parseJsonFirstWins(raw));
    } catch {
      return null;
    }
  }, [raw]);
  const [copied, setCopied] = useState<string | null>(null);
  if (!lines) return null;
  const copy = (path: string) => {
    void navigator.clipboard?.writeText(path).catch(() => undefined);
    setCopied(path);
  };
  return (
    <div className="json-tree mono" data-testid="json-tree">
      {copied && (
        <div className="json-copied" data-testid="json-copied-path">
          Copied path: {copied}
        </div>
      )}
      {lines.map((l) => (
        <div key={l.path} className="json-line" style={{ paddingLeft: l.depth * 14 }}>
          <button
            type="button"
            className="json-key"
            title={`Copy the path ${l.path}`}
            data-path={l.path}
            onClick={() => copy(l.path)}
          >
            {l.key}
          </button>
          {l.value !== null && <span className="json-value">{l.value}</span>}
        </div>
      ))}
    </div>
  );
}
