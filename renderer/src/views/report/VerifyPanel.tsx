import { useEffect, useState, type FormEvent } from 'react';
import type { VerifyResult } from '../../../../shared/model';
import { useConnection } from '../../store/store-context';
import { useEscape } from '../../hooks/use-escape';

/** Checks a signed report: signature over the whole file, certificate, embedded manifest. */
export function VerifyPanel(props: { initialPath: string; onClose: () => void }) {
  const conn = useConnection();
  useEscape(props.onClose);
  const [path, setPath] = useState(props.initialPath);
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const verify = async (file: string) => {
    setProblem(null);
    setResult(null);
    try {
      setResult(await conn.api.verifyReport({ path: file.trim() }));
    } catch (err) {
      setProblem((err as Error).message);
    }
  };
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    await verify(path);
  };

  // Opened from a report just written ("Verify it"): check it straight away, once, for the path it came with.
  useEffect(() => {
    if (props.initialPath) void verify(props.initialPath);
  }, []);

  return (
    <section className="report-dialog" role="dialog" aria-label="Verify a report" data-testid="verify-panel">
      <header>
        <h2>Verify a signed report</h2>
        <button type="button" className="btn-ghost" onClick={props.onClose} aria-label="Close">
          ✕
        </button>
      </header>
      <form className="report-row" onSubmit={(e) => void submit(e)}>
        <input
          className="mono"
          aria-label="Report PDF"
          placeholder="/path/to/report.pdf"
          value={path}
          onChange={(e) => setPath(e.target.value)}
        />
        <button type="submit" className="btn-primary" disabled={!path.trim()}>
          Verify
        </button>
      </form>
      {problem && <p className="report-problem">{problem}</p>}
      {result && (
        <div
          className={`verify-verdict ${result.valid ? 'verify-valid' : 'verify-invalid'}`}
          data-testid="verify-verdict"
        >
          <p className="verify-headline">{result.valid ? '✓ Valid: unchanged since it was signed' : '✗ Not valid'}</p>
          <dl className="fields">
            <dt>Signer</dt>
            <dd>
              {result.signer
                ? `${result.signer.name}${result.signer.organization ? `, ${result.signer.organization}` : ''}${result.signer.self_signed ? ' (self-signed certificate)' : ` (issued by ${result.signer.issuer})`}`
                : '—'}
            </dd>
            <dt>Signed at</dt>
            <dd>{result.signed_at ?? '—'}</dd>
            {result.manifest && (
              <>
                <dt>Case</dt>
                <dd>{result.manifest.case.name}</dd>
                <dt>Inputs</dt>
                <dd>
                  {result.manifest.evidence} evidence files, {result.manifest.findings} findings,{' '}
                  {result.manifest.page_count} pages
                </dd>
                <dt>Custody head</dt>
                <dd className="mono">{result.manifest.custody_head ?? '—'}</dd>
              </>
            )}
            <dt>File SHA-256</dt>
            <dd className="mono">{result.sha256}</dd>
          </dl>
          {result.reasons.length > 0 && (
            <ul className="verify-reasons">
              {result.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
