import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { resultOf } from '../../../shared/jobs';
import type { IngestFileReport, IngestLimitOptions, IngestSummary } from '../../../shared/model';
import type { CoreService } from '../../core/api/service';
import { parseSize } from '../../../shared/units';
import { numberOption, parse, positional, UsageError, type Options } from '../args';
import { jobOutcome } from '../job-outcome';
import { escapeText, printJson, printLine, printTable } from '../output';
import { followJob } from '../progress';
import { INVESTIGATOR_OPTIONS, investigatorFrom } from './create';

/**
 * --mapping FILE.json: one mapping or a list, {name, kind: "json"|"csv", time, actor, action, ip?, outcome?},
 * saved in the case before the ingest, so generic logs whose fields fit it are read (and later ingests reuse it).
 */
async function saveMappings(core: CoreService, file: string): Promise<void> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--mapping ${file}: not a readable JSON file (${(err as Error).message})`);
  }
  for (const m of Array.isArray(parsed) ? parsed : [parsed])
    await core.api.saveIngestMapping(m as Parameters<CoreService['api']['saveIngestMapping']>[0]);
}

export const USAGE =
  'trailmark ingest <case> <path>... [--investigator NAME [--organization ORG]] [--mapping FILE.json] [--max-member-size SIZE] [--max-total-size SIZE] [--max-ratio N] [--max-depth N] [--json]';

const LIMIT_OPTIONS: Options = {
  'max-member-size': { type: 'string' },
  'max-total-size': { type: 'string' },
  'max-ratio': { type: 'string' },
  'max-depth': { type: 'string' },
  mapping: { type: 'string' },
  ...INVESTIGATOR_OPTIONS,
};

/** Archive-bomb and size limits from the command line (sizes like 16GiB or 500MB). */
function limitsFrom(values: Record<string, string | boolean | undefined>): IngestLimitOptions {
  const size = (name: string) => {
    const v = values[name];
    if (typeof v !== 'string') return undefined;
    try {
      return parseSize(v);
    } catch (err) {
      throw new UsageError(`--${name}: ${(err as Error).message}`);
    }
  };
  const depth = values['max-depth'];
  if (typeof depth === 'string' && !/^\d+$/.test(depth))
    throw new UsageError(`--max-depth takes a whole number (0 = no archives inside archives), not "${depth}"`);
  const ratio = typeof values['max-ratio'] === 'string' ? values['max-ratio'] : undefined;
  return {
    max_member_bytes: size('max-member-size'),
    max_total_bytes: size('max-total-size'),
    max_ratio: ratio === undefined ? undefined : numberOption(ratio, 'max-ratio', 0),
    max_depth: typeof depth === 'string' ? Number(depth) : undefined,
  };
}

export async function ingestCommand(core: CoreService, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, LIMIT_OPTIONS, USAGE);
  const [casePath, ...paths] = positional(positionals, 2, USAGE);
  const limits = limitsFrom(values);
  await core.api.openCase({ path: casePath!, create: true, ...investigatorFrom(values) });
  if (typeof values.mapping === 'string') await saveMappings(core, values.mapping);
  // absolute, as the process that runs the ingest may be another one, in another folder (cli-core.ts)
  const { job } = await core.api.startIngest({ paths: paths.map((p) => path.resolve(p)), limits });
  const end = await followJob(core, job);
  const summary = resultOf(end, 'ingest');
  if (!summary) return jobOutcome(end);
  if (values.json) printJson(summary);
  else printIngestSummary(summary);
  return 0;
}

export function printIngestSummary(s: IngestSummary): void {
  const archive = (f: IngestFileReport) => f.format === 'zip' || f.format === 'tar' || f.format === 'tar.gz';
  const shown = s.files.filter((f) => !archive(f) || f.skipped_reason); // an archive only with its problem
  if (shown.length <= 40) {
    printTable(
      ['file', 'format', 'records', 'loaded', 'quarantined', 'note'],
      shown.map((f) => [f.path, f.format, f.records, f.loaded, f.quarantined, f.skipped_reason ?? '']),
    );
  } else {
    const skipped = shown.filter((f) => f.skipped_reason);
    printLine(`${shown.length} files read; ${skipped.length} skipped`);
    for (const f of skipped.slice(0, 20)) printLine(`  skipped ${escapeText(f.path, false)}: ${f.skipped_reason}`);
  }
  printLine();
  printLine(
    `case ${s.case}: ${s.records} records seen, ${s.loaded} loaded, ${s.quarantined} quarantined; ${s.identities} identities updated`,
  );
}
