import type { CoreService } from '../../core/api/service';
import { parse, positional } from '../args';
import { printJson, printLine } from '../output';

export const USAGE =
  'trailmark verify <FILE.pdf> [--case CASE [--reperform]] [--expect-signer SHA256|CERT.pem] [--json]';

/**
 * Exit 0 when the report's signature, certificate and manifest all hold (and, when asked, its custody head is in
 * the case's chain and the signer is the one expected); 1 with the reasons otherwise.
 */
export async function verifyCommand(core: CoreService, argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { case: { type: 'string' }, 'expect-signer': { type: 'string' }, reperform: { type: 'boolean' } },
    USAGE,
  );
  const [file] = positional(positionals, 1, USAGE);
  const r = await core.api.verifyReport({
    path: file!,
    ...(typeof values.case === 'string' ? { case: values.case } : {}),
    ...(typeof values['expect-signer'] === 'string' ? { expect_signer: values['expect-signer'] } : {}),
    ...(values.reperform === true ? { reperform: true } : {}),
  });
  if (values.json)
    printJson({
      valid: r.valid,
      signer: r.signer,
      signed_at: r.signed_at,
      reasons: r.reasons,
      file: r.file,
      sha256: r.sha256,
      manifest: r.manifest,
      case_check: r.case_check ?? null,
      reperform: r.reperform ?? null,
    });
  else {
    printLine(`${r.file}: ${r.valid ? 'VALID' : 'NOT VALID'}`);
    if (r.signer) {
      printLine(
        `signer     ${r.signer.name}${r.signer.organization ? `, ${r.signer.organization}` : ''}` +
          `${r.signer.self_signed ? ' (self-signed certificate)' : ` (issued by ${r.signer.issuer})`}`,
      );
      // A name can be copied into any new certificate; the certificate's hash cannot.
      printLine(`cert sha256 ${r.signer.sha256}`);
    }
    printLine(`signed at  ${r.signed_at ?? '-'}`);
    if (r.manifest)
      printLine(
        `manifest   case ${r.manifest.case.name}, ${r.manifest.evidence} evidence files, ${r.manifest.findings} findings, ` +
          `${r.manifest.page_count} pages, custody head ${r.manifest.custody_head?.slice(0, 16) ?? '-'}…`,
      );
    if (r.case_check)
      printLine(
        `case       ${r.case_check.case}: custody head ${r.case_check.head_in_chain ? 'in its chain' : 'NOT in its chain'}, ` +
          `log ${r.case_check.custody_ok ? 'intact' : 'BROKEN'}`,
      );
    for (const o of r.reperform ?? [])
      printLine(
        `${o.match ? 'match   ' : 'MISMATCH'}   ${o.id}: ${o.rows} rows, population ${o.population}` +
          (o.match ? '' : ` (${o.problem})`),
      );
    printLine(`sha256     ${r.sha256}`);
    for (const reason of r.reasons) printLine(`  ✗ ${reason}`);
  }
  return r.valid ? 0 : 1;
}
