import { readFile } from 'node:fs/promises';
import { TrailmarkError } from '../../../shared/errors';
import type { CaseVerification, DigestValidation, LogGapReport } from '../../../shared/model';
import type { CoreService } from '../../core/api/service';
import { intOption, offsetOption, parse, positional } from '../args';
import { formatBytes, printJson, printLine, printTable } from '../output';
import { readPages } from '../paging';

export const USAGE =
  'trailmark info <case> [--public-keys KEYS.json] [--verify-case] [--issues-offset N] [--issues-limit N] [--json]';

/** Ingest issues listed by default: all of them in JSON up to this many, the first few in text. */
const JSON_ISSUES = 1000;
const TEXT_ISSUES = 20;

export async function infoCommand(core: CoreService, argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      'public-keys': { type: 'string' },
      'verify-case': { type: 'boolean' },
      'issues-offset': { type: 'string' },
      'issues-limit': { type: 'string' },
    },
    USAGE,
  );
  const [casePath] = positional(positionals, 1, USAGE);
  const keysFile = values['public-keys'];
  const publicKeys = typeof keysFile === 'string' ? await readKeys(keysFile) : undefined;
  const info = await core.api.openCase({ path: casePath!, create: false });
  const digests = await core.api.validateDigests(publicKeys === undefined ? {} : { public_keys: publicKeys });
  const verification = values['verify-case'] ? await core.api.verifyCase({}) : null;
  const custody = verification?.custody ?? info.custody;
  const code = custody.ok && (verification?.ok ?? true) && (digests.digests === 0 || digests.ok) ? 0 : 1;
  const issues = await issuePage(
    core,
    offsetOption(values['issues-offset'] as string | undefined, 'issues-offset'),
    intOption(values['issues-limit'] as string | undefined, 'issues-limit', values.json ? JSON_ISSUES : TEXT_ISSUES),
  );
  if (values.json) {
    printJson({ ...info, issues, custody, digest_validation: digests.digests ? digests : null, verification });
    return code;
  }
  if (!custody.ok) printLine(`!! CUSTODY LOG BROKEN: ${custody.problem}`);
  printLine(`case      ${info.path}`);
  printLine(`created   ${info.created_at}`);
  printLine(
    `custody   ${custody.ok ? 'chain intact, matches the case' : `BROKEN: ${custody.problem}`} (${custody.entries} entries, head ${custody.head?.slice(0, 16) ?? '-'}…)`,
  );
  if (verification) printVerification(verification);
  printLine(
    `events    ${info.events.toLocaleString('en-US')}  from ${info.time_range.from ?? '-'} to ${info.time_range.to ?? '-'}`,
  );
  printLine(`sources   ${info.sources.map((s) => `${s.source} ${s.events}`).join(', ') || '-'}`);
  const ids = info.identities;
  printLine(`identities ${ids.machine} machine, ${ids.human} human, ${ids.unknown} unknown`);
  printLine(`evidence  ${info.evidence_total} files`);
  printLine();
  const files = info.evidence.slice(0, 30);
  printTable(
    ['#', 'file', 'sha256', 'size', 'format', 'records', 'loaded', 'quarantined'],
    files.map((f) => [
      f.evidence_id,
      f.member_path ? `${f.path}!/${f.member_path}` : f.path,
      f.sha256.slice(0, 16) + '…',
      formatBytes(f.size),
      f.format,
      f.records,
      f.loaded,
      f.quarantined,
    ]),
  );
  if (info.evidence_total > files.length)
    printLine(`… and ${info.evidence_total - files.length} more (--json lists ${info.evidence.length})`);
  if (issues.total) {
    printLine();
    printLine(`ingest issues: ${issues.total}`);
    for (const i of issues.rows) printLine(`  ${i.file}${i.position ? ` @ ${i.position}` : ''}: ${i.reason}`);
    const shown = issues.rows.length ? `${issues.offset + 1}-${issues.offset + issues.rows.length}` : 'none';
    if (issues.next_offset !== null || issues.offset > 0)
      printLine(
        `  (${shown} of ${issues.total}` +
          (issues.next_offset === null ? ')' : `; the next page: --issues-offset ${issues.next_offset})`),
      );
  }
  printGaps(info.gaps);
  if (digests.digests) printDigests(digests);
  return code;
}

/**
 * A page of the ingest issues, as `events --json` pages events: the total, and where the next page starts (null
 * on the last), so that every issue can be listed, never only the first few.
 */
async function issuePage(core: CoreService, offset: number, limit: number) {
  const { rows, total, next_offset } = await readPages(
    (o, l) => core.api.listIngestIssues({ offset: o, limit: l }),
    offset,
    limit,
  );
  return { count: total, total, offset, limit, next_offset, rows };
}

async function readKeys(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new TrailmarkError('bad_input', `${file}: ${(err as Error).message}`, { path: file });
  }
}

function printVerification(v: CaseVerification): void {
  const changed = v.tables.filter((t) => !t.ok);
  printLine(
    `case data ${changed.length ? 'CHANGED OUTSIDE TRAILMARK' : `${v.tables.length} tables match their digests`} (read again in ${v.seconds} s)`,
  );
  for (const t of changed)
    printLine(`  ${t.table}: ${t.rows_found} rows where ${t.rows_recorded ?? 'none'} were recorded: ${t.note}`);
}

function printGaps(g: LogGapReport): void {
  printLine();
  printLine(`log gaps  ${g.total} in ${g.streams} streams with a regular pattern`);
  for (const x of g.gaps.slice(0, 20))
    printLine(
      `  ${x.source} ${x.account_uid ?? '-'} ${x.region ?? '-'}: ${x.start} to ${x.end} (${x.hours} h, ${x.rule}): ${x.reason}`,
    );
  if (g.total > 20) printLine(`  … and ${g.total - 20} more (--json lists ${g.gaps.length})`);
}

function printDigests(d: DigestValidation): void {
  const f = d.log_files;
  const s = d.signatures;
  printLine();
  printLine(`CloudTrail digests ${d.digests}: ${d.ok ? 'log files intact' : 'PROBLEMS FOUND'}`);
  printLine(
    `  log files listed ${f.listed}: ${f.valid} valid, ${f.missing} missing, ${f.altered} altered; ${d.unlisted} unlisted`,
  );
  printLine(`  chain     ${d.chain.links} links, ${d.chain.broken} broken`);
  printLine(
    `  signatures ${s.valid} valid, ${s.invalid} invalid, ${s.unchecked} not checked` +
      (s.valid + s.invalid === 0 ? ' (pass --public-keys with the output of `aws cloudtrail list-public-keys`)' : ''),
  );
  for (const p of d.problems.slice(0, 30)) printLine(`  ${p.kind.padEnd(12)} ${p.file}: ${p.detail}`);
  if (d.problems.length > 30) printLine(`  … and ${d.problems.length - 30} more (--json lists them)`);
}
