import path from 'node:path';
import type { CoreService } from '../../core/api/service';
import { parse, positional, UsageError } from '../args';
import { printJson, printLine, printTable } from '../output';

export const USAGE = 'trailmark export <case> --parquet DIR [--json]';

export async function exportCommand(core: CoreService, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { parquet: { type: 'string' } }, USAGE);
  const [casePath] = positional(positionals, 1, USAGE);
  if (typeof values.parquet !== 'string') throw new UsageError(`--parquet DIR is required\nusage: ${USAGE}`);
  await core.api.openCase({ path: casePath!, create: false });
  const r = await core.api.exportParquet({ dir: path.resolve(values.parquet) });
  if (values.json) {
    printJson(r);
    return 0;
  }
  printTable(
    ['source', 'days'],
    r.partitions.map((p) => [p.source, p.days]),
  );
  printLine(`${r.events} events in ${r.files} Parquet files under ${r.dir} (source=…/day=…/)`);
  return 0;
}
