import { resultOf } from '../../../shared/jobs';
import type { CoreService } from '../../core/api/service';
import { parse, positional, UsageError } from '../args';
import { jobOutcome } from '../job-outcome';
import { log, printJson, printLine } from '../output';
import { followJob } from '../progress';

export const USAGE = 'trailmark analyze <case> [--baseline-until T] [--sigma DIR] [--no-default-rules] [--json]';

export async function analyzeCommand(core: CoreService, argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { 'baseline-until': { type: 'string' }, sigma: { type: 'string' }, 'no-default-rules': { type: 'boolean' } },
    USAGE,
  );
  const [casePath] = positional(positionals, 1, USAGE);
  const until = values['baseline-until'] as string | undefined;
  if (until !== undefined && Number.isNaN(Date.parse(until)))
    throw new UsageError(`--baseline-until takes a date or ISO-8601 time, not "${until}"\nusage: ${USAGE}`);
  await core.api.openCase({ path: casePath!, create: false });
  const { job } = await core.api.startAnalysis({
    baseline_until: until,
    sigma_dir: values.sigma as string | undefined,
    default_rules: values['no-default-rules'] !== true,
  });
  const end = await followJob(core, job);
  const s = resultOf(end, 'analysis');
  if (!s) return jobOutcome(end);
  if (values.json) {
    printJson(s);
    return 0;
  }
  const sev = ['critical', 'high', 'medium', 'low', 'info']
    .filter((k) => s.by_severity[k])
    .map((k) => `${s.by_severity[k]} ${k}`)
    .join(', ');
  printLine(
    `learned from ${s.baseline_events.toLocaleString('en-US')} events before ${s.baseline_until}; ` +
      `analysed ${s.analysed_events.toLocaleString('en-US')} events` +
      (s.own_window_identities
        ? ` (${s.own_window_identities} identities silent in that window over their own last 7 days)`
        : ''),
  );
  for (const w of s.warnings) log(`warning: ${w}`);
  printLine(`${s.findings} findings${sev ? ` (${sev})` : ''}; ${s.kept_decisions} earlier decisions kept`);
  if (s.sigma) {
    printLine(
      `Sigma: ${s.sigma.rules} rules, ${s.sigma.findings} findings, ${s.sigma.unsupported.length} rules not supported`,
    );
    const idle = s.sigma.no_events ?? [];
    if (idle.length)
      printLine(
        `Sigma rules with no events of their logsource in this case: ${idle.map((i) => `${i.logsource} (${i.rules.length})`).join(', ')}`,
      );
  }
  printLine(`next: trailmark findings ${casePath} --min-severity medium`);
  return 0;
}
