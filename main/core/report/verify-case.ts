import { readFile } from 'node:fs/promises';
import forge from 'node-forge';
import { TrailmarkError } from '../../../shared/errors';
import type { CaseFile } from '../case/case-file';
import { parseChain } from '../case/custody-chain';
import { MANIFEST_FILE, QUERY_PACK_FILE, sha256Hex } from './manifest';
import { QUERY_PACK_FORMAT, reperform, type QueryPack } from './query-pack';
import { embeddedFiles, type CaseCheck, type VerifyResult } from './verify';

/**
 * `--expect-signer`: a certificate's SHA-256 (hex, colons allowed) or a certificate file (PEM or DER), as the
 * SHA-256 of its DER, which verify compares with the signer's.
 */
export async function signerPin(value: string): Promise<string> {
  const hex = value.replace(/:/g, '').toLowerCase();
  if (/^[0-9a-f]{64}$/.test(hex)) return hex;
  const bytes = await readFile(value).catch((err: NodeJS.ErrnoException) => {
    throw new TrailmarkError(
      'bad_input',
      `--expect-signer ${value}: neither a SHA-256 fingerprint nor a readable certificate file (${err.code ?? err.message})`,
      { path: value },
    );
  });
  const pem = bytes.toString('latin1');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) return sha256Hex(bytes);
  try {
    const cert = forge.pki.certificateFromPem(pem);
    return sha256Hex(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary'));
  } catch (err) {
    throw new TrailmarkError('bad_input', `${value}: not a readable certificate (${(err as Error).message})`, {
      path: value,
    });
  }
}

/**
 * `verify --case`: the report's custody head must be the case's chain at the entry the report counted (the log
 * the report saw is still the start of the case's log), and that log must hold against its anchor.
 */
export async function checkAgainstCase(r: VerifyResult, c: CaseFile): Promise<void> {
  const status = await c.custody.verify();
  const chain = parseChain(await c.custody.readText());
  const head = r.manifest?.custody_head ?? null;
  const n = r.manifest?.custody_entries ?? null;
  const inChain = head !== null && (n !== null ? chain.heads[n - 1] === head : chain.heads.includes(head));
  const check: CaseCheck = { case: c.dir, custody_ok: status.ok, head_in_chain: inChain };
  r.case_check = check;
  if (!head) r.reasons.push('the report records no custody head to look for in the case');
  else if (!inChain)
    r.reasons.push(
      `the report's custody head ${head.slice(0, 16)}… (entry ${n ?? '?'}) is not in ${c.dir}'s custody log: ` +
        'the log was rewritten after the report, or the report is of another case',
    );
  if (!status.ok) r.reasons.push(`the case's custody log is broken: ${status.problem}`);
  r.valid = r.reasons.length === 0;
}

/**
 * `verify --reperform`: the report's embedded query pack run again on the case, each query's rows and population
 * compared with what the report recorded. Any mismatch makes the result not valid, with one reason per query.
 */
export async function reperformReport(r: VerifyResult, c: CaseFile): Promise<void> {
  const { files } = await embeddedFiles(await readFile(r.file));
  const bytes = files.get(QUERY_PACK_FILE);
  let pack: QueryPack | null = null;
  try {
    pack = bytes ? (JSON.parse(bytes.toString('utf8')) as QueryPack) : null;
  } catch {
    pack = null;
  }
  if (!pack || pack.format !== QUERY_PACK_FORMAT || !Array.isArray(pack.queries)) {
    r.reperform = [];
    r.reasons.push(`no readable ${QUERY_PACK_FILE} (${QUERY_PACK_FORMAT}) is embedded: nothing to re-perform`);
  } else {
    // The pack is the one the signed manifest lists only if verify found no reason about it above.
    if (!files.has(MANIFEST_FILE)) r.reasons.push(`no ${MANIFEST_FILE} vouches for the query pack`);
    r.reperform = await reperform(c.db, pack);
    for (const o of r.reperform.filter((x) => !x.match))
      r.reasons.push(`re-performed ${o.id}: ${o.problem ?? 'does not match'}`);
  }
  r.valid = r.reasons.length === 0;
}
