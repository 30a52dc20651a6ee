import { isIngestSummary, type IngestSummary } from '../../../shared/model';
import type { CoreService } from '../../core/api/service';
import { parse, positional } from '../args';
import { jobOutcome } from '../job-outcome';
import { printJson, printLine, printTable } from '../output';
import { followJob } from '../progress';

const USAGE = 'trailmark ingest <case> <path>... [--json]';

export async function ingestCommand(core: CoreService, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {}, USAGE);
  const [casePath, ...paths] = positional(positionals, 2, USAGE);
  await core.api.openCase({ path: casePath!, create: true });
  const { job } = await core.api.startIngest({ paths });
  const end = await followJob(core, job);
  if (end.state !== 'done' || !isIngestSummary(end.result)) return jobOutcome(end);
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
