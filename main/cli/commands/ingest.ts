import { readFile } from 'node:fs/promises';
import type { IngestSummary } from '../../../shared/model';
import type { CoreService } from '../../core/api/service';
import { parse, positional, UsageError } from '../args';
import { jobOutcome } from '../job-outcome';
import { printJson, printLine, printTable } from '../output';
import { followJob } from '../progress';

const USAGE = 'trailmark ingest <case> <path>... [--mapping FILE.json] [--json]';

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

export async function ingestCommand(core: CoreService, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { mapping: { type: 'string' } }, USAGE);
  const [casePath, ...paths] = positional(positionals, 2, USAGE);
  await core.api.openCase({ path: casePath!, create: true });
  if (typeof values.mapping === 'string') await saveMappings(core, values.mapping);
  const { job } = await core.api.startIngest({ paths });
  const end = await followJob(core, job);
  if (end.state !== 'done' || !end.result) return jobOutcome(end);
  if (values.json) printJson(end.result);
  else printIngestSummary(end.result);
  return 0;
}

export function printIngestSummary(s: IngestSummary): void {
  const shown = s.files.filter((f) => f.format !== 'zip' && f.format !== 'tar' && f.format !== 'tar.gz');
  if (shown.length <= 40) {
    printTable(
      ['file', 'format', 'records', 'loaded', 'quarantined', 'note'],
      shown.map((f) => [f.path, f.format, f.records, f.loaded, f.quarantined, f.skipped_reason ?? '']),
    );
  } else {
    const skipped = shown.filter((f) => f.skipped_reason);
    printLine(`${shown.length} files read; ${skipped.length} skipped`);
    for (const f of skipped.slice(0, 20)) printLine(`  skipped ${f.path}: ${f.skipped_reason}`);
  }
  printLine();
  printLine(
    `case ${s.case}: ${s.records} records seen, ${s.loaded} loaded, ${s.quarantined} quarantined; ${s.identities} identities updated`,
  );
}
