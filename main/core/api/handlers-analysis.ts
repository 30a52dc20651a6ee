import { stat } from 'node:fs/promises';
import type { analysisMethods } from '../../../shared/methods/analysis';
import { TrailmarkError } from '../../../shared/errors';
import { runAnalysis } from '../analysis/run-analysis';
import { getFinding, listFindings, setStatus } from '../analysis/store';
import type { Session } from '../session';
import type { HandlersFor } from './handler-types';

/** Handlers for shared/methods/analysis.ts. */
export function analysisHandlers(session: Session): HandlersFor<typeof analysisMethods> {
  return {
    startAnalysis: async ({ baseline_until, sigma_dir, default_rules }) => {
      const c = session.requireCase();
      if (sigma_dir && !(await stat(sigma_dir).catch(() => null))?.isDirectory())
        throw new TrailmarkError('bad_input', `${sigma_dir}: no such folder of Sigma rules`);
      const job = session.jobs.start('analysis', (ctx) =>
        runAnalysis(
          c,
          { baselineUntil: baseline_until ?? null, sigmaDir: sigma_dir ?? null, defaultRules: default_rules ?? true },
          ctx,
        ),
      );
      return { job };
    },
    listFindings: async (q) => listFindings(session.requireCase().db, q),
    getFinding: async ({ id }) => getFinding(session.requireCase().db, id),
    setFindingStatus: async ({ id, status, note }) => {
      const c = session.requireCase();
      const by = c.custody.actor;
      const { result } = await c.custody.record({
        change: () => setStatus(c.db, id, status, note || null, by),
        touches: { tables: ['findings'] },
        items: (f) => [
          { action: `finding.${status}`, detail: { id, detector: f.detector, actor_uid: f.actor_uid, note } },
        ],
      });
      return result;
    },
  };
}
