import type { CoreService } from '../../core/api/service';
import { resultOf } from '../../../shared/jobs';
import { demoEvidenceDir } from '../../core/api/shell';
import { intOption, numberOption, parse } from '../args';
import { jobOutcome } from '../job-outcome';
import { log, printJson, printLine } from '../output';
import { followJob } from '../progress';
import { printIngestSummary } from './ingest';

export const USAGE = 'trailmark demo [<case>] [--seed N] [--days N] [--scale X] [--attacks] [--json]';

export async function demoCommand(core: CoreService, argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { seed: { type: 'string' }, days: { type: 'string' }, scale: { type: 'string' }, attacks: { type: 'boolean' } },
    USAGE,
  );
  const started = Date.now();
  const { job, case: caseDir } = await core.api.startDemo({
    path: positionals[0],
    seed: values.seed === undefined ? undefined : Number.parseInt(values.seed as string, 10),
    days: intOption(values.days as string | undefined, 'days'),
    scale: numberOption(values.scale as string | undefined, 'scale'),
    attacks: values.attacks === true,
  });
  const end = await followJob(core, job);
  const summary = resultOf(end, 'demo');
  if (!summary) return jobOutcome(end);
  const info = await core.api.caseInfo({});
  const seconds = (Date.now() - started) / 1000;
  if (values.json) {
    printJson({
      ...summary,
      evidence: demoEvidenceDir(caseDir),
      events: info.events,
      identities_by_category: info.identities,
      seconds,
    });
    return 0;
  }
  if (summary.files.length) printIngestSummary(summary);
  else log(`the demo case at ${caseDir} was already built`);
  printLine(
    `demo case ${caseDir}: ${info.events} events; ${info.identities.machine} machine and ${info.identities.human} human identities`,
  );
  printLine(`next: trailmark identities ${caseDir} --machine   |   trailmark serve ${caseDir}`);
  return 0;
}
