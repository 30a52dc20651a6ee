import { useState, type FormEvent } from 'react';
import type { CaseInfo } from '../../../../shared/model';
import { useApp, useConnection } from '../../store/store-context';

/**
 * The case's investigator (case settings): the person custody entries, flags, decisions and reports credit. Until
 * one is named the OS user is the actor; a change is itself a custody entry.
 */
export function InvestigatorCard({ info }: { info: CaseInfo }) {
  const conn = useConnection();
  const refresh = useApp((s) => s.refreshCase);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(info.investigator?.name ?? '');
  const [org, setOrg] = useState(info.investigator?.organisation ?? '');
  const [error, setError] = useState<string | null>(null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await conn.api.setInvestigator({ name: name.trim(), ...(org.trim() ? { organisation: org.trim() } : {}) });
      setError(null);
      setEditing(false);
      await refresh();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <div className="card" data-testid="home-investigator">
      <h3>Investigator</h3>
      {editing ? (
        <form onSubmit={(e) => void save(e)}>
          <input aria-label="Investigator name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          <input
            aria-label="Organisation"
            placeholder="organisation"
            value={org}
            onChange={(e) => setOrg(e.target.value)}
          />
          <button type="submit" disabled={!name.trim()}>
            Save
          </button>{' '}
          <button type="button" className="link" onClick={() => setEditing(false)}>
            Cancel
          </button>
          {error && <div className="error small">{error}</div>}
        </form>
      ) : (
        <>
          <div>
            {info.investigator ? (
              <>
                <b>{info.investigator.name}</b>
                {info.investigator.organisation ? `, ${info.investigator.organisation}` : ''}
              </>
            ) : (
              <span className="muted">not named: custody credits the OS user</span>
            )}
          </div>
          <button type="button" className="link small" onClick={() => setEditing(true)}>
            {info.investigator ? 'Change…' : 'Name the investigator…'}
          </button>
        </>
      )}
    </div>
  );
}
