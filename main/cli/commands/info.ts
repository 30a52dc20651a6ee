import type { CoreService } from '../../core/api/service';
import { parse, positional } from '../args';
import { formatBytes, printJson, printLine, printTable } from '../output';

const USAGE = 'trailmark info <case> [--json]';

export async function infoCommand(core: CoreService, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {}, USAGE);
  const [casePath] = positional(positionals, 1, USAGE);
  const info = await core.api.openCase({ path: casePath!, create: false });
  if (values.json) {
    printJson(info);
    return 0;
  }
  printLine(`case      ${info.path}`);
  printLine(`created   ${info.created_at}`);
  printLine(
    `custody   ${info.custody.ok ? 'chain intact' : `BROKEN: ${info.custody.problem}`} (${info.custody.entries} entries, head ${info.custody.head?.slice(0, 16) ?? '-'}…)`,
  );
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
  if (info.issues.count) {
    printLine();
    printLine(`ingest issues: ${info.issues.count}`);
    for (const i of info.issues.first.slice(0, 20))
      printLine(`  ${i.file}${i.position ? ` @ ${i.position}` : ''}: ${i.reason}`);
  }
  return info.custody.ok ? 0 : 1;
}
