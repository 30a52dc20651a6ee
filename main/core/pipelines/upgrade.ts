import type { UpgradeSummary } from '../../../shared/model';
import type { CaseFile } from '../case/case-file';
import { onLane } from '../db/lanes';
import { buildMissingLineage, lineageDue } from '../identity/lineage-on-open';
import { ERROR_MESSAGE_RULES, errorMessagesFillPending, fillErrorMessages } from '../ingest/error-messages-fill';
import { fillTargets, targetsFillPending } from '../ingest/targets-fill';
import type { JobContext } from '../jobs/job-runner';
import { onSummariesLane } from '../query/summaries';

/**
 * The lineage build's share of the progress bar, in chunks of the targets fill: it reads the events in a few
 * statements, much faster than the rules' JSON parsing (485,680 events: 2.3 s against 367 s for the fill).
 */
const LINEAGE_STEPS = 1;

/**
 * Whether a case made by an older Trailmark still needs its upgrade: events without targets, failed calls without
 * their messages, or no lineage.
 */
export async function upgradeDue(c: CaseFile): Promise<boolean> {
  return (await targetsFillPending(c.db)) || (await errorMessagesFillPending(c.db)) || (await lineageDue(c.db));
}

/**
 * Brings a case made by an older Trailmark up to date, as a job, after it opened: first the request targets of
 * events loaded before they existed (ingest/targets-fill.ts: rule by rule, chunk by chunk, each a short
 * transaction on a connection of its own, resumed where a cancel or a crash stopped it), then the error messages
 * of failed calls (ingest/error-messages-fill.ts, a transaction per rule), then the lineage (one transaction with
 * its custody entry). Progress is one fraction over all three, with the step in the message.
 */
export async function upgradeCase(c: CaseFile, ctx: JobContext): Promise<UpgradeSummary> {
  const lineage = await lineageDue(c.db);
  const lineageWeight = lineage ? LINEAGE_STEPS : 0;
  // One step per rule: each reads only failed calls, a few percent of the events a targets chunk reads.
  const messages = await errorMessagesFillPending(c.db);
  const messagesWeight = messages ? ERROR_MESSAGE_RULES.length : 0;
  const after = messagesWeight + lineageWeight;
  // One total for the job: the fill's own total is known once it has planned, so it is set from its first report.
  let fillTotal: number | null = null;
  ctx.progress({ phase: 'starting', unit: 'steps', done: 0, total: null, message: 'upgrading the case' });

  const targetsFilled = (await targetsFillPending(c.db))
    ? await onLane(c.db, 'upgrade', 'upgrade', (side) =>
        fillTargets(side, {
          signal: ctx.signal,
          finish: (last) => onSummariesLane(c.db, last),
          progress: (p) => {
            fillTotal ??= p.total;
            ctx.progress({
              phase: 'request targets',
              done: p.done,
              total: fillTotal + after,
              message: `filling request targets (rule ${p.rule} of ${p.rules})`,
            });
          },
        }),
      )
    : 0;

  const filled = fillTotal ?? 0;
  const total = filled + after;
  const messagesFilled = messages
    ? await onLane(c.db, 'upgrade', 'upgrade', (side) =>
        fillErrorMessages(side, {
          signal: ctx.signal,
          progress: (done, rules) =>
            ctx.progress({
              phase: 'error messages',
              done: filled + done,
              total,
              message: `reading failed calls' error messages (rule ${Math.min(done + 1, rules)} of ${rules})`,
            }),
        }),
      )
    : 0;

  const base = filled + messagesWeight;
  let edges: number | null = null;
  if (lineage) {
    ctx.progress({
      phase: 'lineage',
      done: base,
      total,
      message: 'building lineage (who obtained which credentials)',
    });
    edges = await buildMissingLineage(c, ctx.signal);
  }
  ctx.progress({ done: total, total });
  return { targets_filled: targetsFilled, error_messages_filled: messagesFilled, lineage_edges: edges };
}
