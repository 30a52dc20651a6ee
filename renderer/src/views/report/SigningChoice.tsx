import { useEffect, useState } from 'react';
import type { SigningIdentity } from '../../../../shared/model';
import { useConnection } from '../../store/store-context';

export type Signing =
  | { kind: 'none' }
  | { kind: 'p12'; path: string; passphrase: string }
  | { kind: 'identity'; id: string; passphrase?: string };

/** How to sign: the investigator's PKCS#12 file, an identity the app keeps (or a new one), or not at all. */
export function SigningChoice(props: {
  value: Signing;
  onChange: (s: Signing) => void;
  investigator: string;
  organization: string;
}) {
  const conn = useConnection();
  const [identities, setIdentities] = useState<SigningIdentity[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  // Outside the desktop app (no OS key store) a kept key is sealed under a passphrase typed here, unless the host
  // was started with TRAILMARK_SIGNING_PASSPHRASE.
  const [askPassphrase, setAskPassphrase] = useState(false);
  const { value, onChange } = props;

  useEffect(() => {
    conn.api.listSigningIdentities({}).then(
      (list) => {
        setIdentities(list);
        // Signed by default: the first identity kept, when there is one.
        if (value.kind === 'identity' && !value.id && list[0]) onChange({ ...value, id: list[0].id });
      },
      (e: Error) => setProblem(e.message),
    );
    conn.api.signingKeyStore({}).then(
      (k) => setAskPassphrase(k.protected_by === 'passphrase'),
      (e: Error) => setProblem(e.message),
    );
    // Once per dialog: later choices are the investigator's.
  }, [conn]);

  const typed = value.kind === 'identity' ? (value.passphrase ?? '') : '';
  const create = async () => {
    try {
      const made = await conn.api.createSigningIdentity({
        name: props.investigator,
        ...(props.organization ? { organization: props.organization } : {}),
        ...(typed ? { passphrase: typed } : {}),
      });
      setIdentities((list) => [...list, made]);
      onChange({ kind: 'identity', id: made.id, ...(typed ? { passphrase: typed } : {}) });
      setProblem(null);
    } catch (e) {
      setProblem((e as Error).message);
    }
  };

  return (
    <fieldset className="report-signing" data-testid="report-signing">
      <legend>Signature</legend>
      <label>
        <input
          type="radio"
          checked={value.kind === 'identity'}
          onChange={() => onChange({ kind: 'identity', id: identities[0]?.id ?? '' })}
          data-testid="sign-kept"
        />
        Signing identity kept by Trailmark
      </label>
      {value.kind === 'identity' && (
        <div className="report-indent">
          <select
            value={value.id}
            onChange={(e) => onChange({ ...value, id: e.target.value })}
            aria-label="Signing identity"
          >
            <option value="">— choose —</option>
            {identities.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
                {i.organization ? `, ${i.organization}` : ''} (until {i.not_after.slice(0, 10)})
              </option>
            ))}
          </select>
          {askPassphrase && (
            <input
              type="password"
              placeholder="key-store passphrase"
              aria-label="Key-store passphrase"
              title="Seals the identity's key on this machine; the same passphrase opens it to sign. Never stored."
              value={typed}
              onChange={(e) => onChange({ ...value, passphrase: e.target.value })}
            />
          )}
          <button
            type="button"
            className="btn-ghost"
            disabled={!props.investigator.trim() || (askPassphrase && !typed)}
            onClick={() => void create()}
          >
            New identity for “{props.investigator || '…'}”
          </button>
        </div>
      )}
      <label>
        <input
          type="radio"
          checked={value.kind === 'p12'}
          onChange={() => onChange({ kind: 'p12', path: '', passphrase: '' })}
        />
        My PKCS#12 file (.p12 / .pfx)
      </label>
      {value.kind === 'p12' && (
        <div className="report-indent">
          <input
            className="mono"
            placeholder="/path/to/me.p12"
            aria-label="PKCS#12 file"
            value={value.path}
            onChange={(e) => onChange({ ...value, path: e.target.value })}
          />
          <input
            type="password"
            placeholder="passphrase"
            aria-label="PKCS#12 passphrase"
            value={value.passphrase}
            onChange={(e) => onChange({ ...value, passphrase: e.target.value })}
          />
        </div>
      )}
      <label>
        <input type="radio" checked={value.kind === 'none'} onChange={() => onChange({ kind: 'none' })} />
        Do not sign (the report cannot be verified)
      </label>
      {problem && <p className="report-problem">{problem}</p>}
    </fieldset>
  );
}
