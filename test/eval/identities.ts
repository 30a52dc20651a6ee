/**
 * The identity part of `npm run eval`: the labelled corpus (test/fixtures/identities/labels.json, the same one the
 * corpus test asserts) ingested case by case, scored per source: identities, right, wrong, unknown, split, merged.
 * EVAL_VERBOSE=1 lists every principal that is not right.
 */
import {
  formatTally,
  loadCorpus,
  observe,
  runnable,
  score,
  tally,
  type PrincipalResult,
} from '../helpers/identity-corpus';

export async function evalIdentities(log: (s: string) => void, verbose: boolean): Promise<PrincipalResult[]> {
  const cases = loadCorpus();
  const skipped = cases.filter((c) => !runnable(c));
  const results: PrincipalResult[] = [];
  for (const c of cases.filter(runnable)) results.push(...score(c, await observe(c)).results);
  log(`identity corpus: ${cases.length - skipped.length} cases, ${results.length} labelled identities`);
  if (skipped.length) log(`  (${skipped.length} cases on ../shared/samples skipped: the samples are not here)`);
  for (const line of formatTally(tally(results))) log(line);
  if (verbose)
    for (const r of results.filter((x) => x.status !== 'right'))
      log(
        `  ${r.status}: ${r.source} ${r.caseName}: ${r.label.key}` +
          `${r.label.expectedToFailUntil ? ` (known-failing until ${r.label.expectedToFailUntil})` : ''}: ${r.detail}`,
      );
  return results;
}
