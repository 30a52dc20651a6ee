import { beforeAll, describe, expect, it } from 'vitest';
import {
  loadCorpus,
  observe,
  runnable,
  score,
  type CaseRun,
  type CorpusCase,
  type PrincipalResult,
} from '../helpers/identity-corpus';

/**
 * The labelled identity corpus (test/fixtures/identities/labels.json): every file is ingested for real, and every
 * labelled principal must land on exactly one identity of its own, with the labelled key, category and kind.
 * Labels marked expectedToFailUntil run as it.fails: they turn red when the named branch makes them pass, so that
 * the marker is removed then.
 */
const CASES = loadCorpus();

function describeCase(c: CorpusCase) {
  describe.skipIf(!runnable(c))(`${c.source}: ${c.name}`, () => {
    let run: CaseRun;
    beforeAll(async () => {
      run = score(c, await observe(c));
    });

    it('every ingested record is claimed by a label', () => {
      expect(run.unlabelled).toEqual([]);
    });

    c.identities.forEach((label, i) => {
      const check = () => {
        const r: PrincipalResult = run.results[i]!;
        expect(`${r.status}: ${r.detail}`, label.why).toMatch(/^right: /);
      };
      if (label.expectedToFailUntil) it.fails(`${label.key} (known-failing until ${label.expectedToFailUntil})`, check);
      else it(`${label.key} is ${label.category}/${label.kind}`, check);
    });
  });
}

if (CASES.some((c) => !runnable(c)))
  console.warn('[skip] identity corpus: cases on ../shared/samples are skipped (the samples are not here)');
for (const c of CASES) describeCase(c);
