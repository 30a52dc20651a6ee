import type { CoreService } from '../../core/api/service';
import { parse, positional } from '../args';
import { printJson, printLine } from '../output';

export const USAGE = 'trailmark verify <FILE.pdf> [--json]';

/** Exit 0 when the report's signature, certificate and manifest all hold; 1 with the reasons otherwise. */
export async function verifyCommand(core: CoreService, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {}, USAGE);
  const [file] = positional(positionals, 1, USAGE);
  const r = await core.api.verifyReport({ path: file! });
  if (values.json)
    printJson({
      valid: r.valid,
      signer: r.signer,
      signed_at: r.signed_at,
      reasons: r.reasons,
      file: r.file,
      sha256: r.sha256,
      manifest: r.manifest,
    });
  else {
    printLine(`${r.file}: ${r.valid ? 'VALID' : 'NOT VALID'}`);
    if (r.signer)
      printLine(
        `signer     ${r.signer.name}${r.signer.organization ? `, ${r.signer.organization}` : ''}` +
          `${r.signer.self_signed ? ' (self-signed certificate)' : ` (issued by ${r.signer.issuer})`}`,
      );
    printLine(`signed at  ${r.signed_at ?? '-'}`);
    if (r.manifest)
      printLine(
        `manifest   case ${r.manifest.case.name}, ${r.manifest.evidence} evidence files, ${r.manifest.findings} findings, ` +
          `${r.manifest.page_count} pages, custody head ${r.manifest.custody_head?.slice(0, 16) ?? '-'}…`,
      );
    printLine(`sha256     ${r.sha256}`);
    for (const reason of r.reasons) printLine(`  ✗ ${reason}`);
  }
  return r.valid ? 0 : 1;
}
