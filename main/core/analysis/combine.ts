import type { FindingDraft } from '../case/finding-draft';
import { combineScores, severityOf } from './severity';

/** How much a novelty signal weighs for a person: people change habits; machines should not. */
export const HUMAN_NOVELTY_WEIGHT = 0.5;
const MAX_EVIDENCE = 500;

export interface Signal extends FindingDraft {
  novelty: boolean;
}

/**
 * Pairs where the second detector already says what the first does: a sensitive operation "never done by this
 * identity" is also its first-seen operation; counting both would score the same fact twice.
 */
const SUBSUMED_BY: Record<string, string> = { first_seen_operation: 'sensitive_operation' };

function redundant(s: FindingDraft, group: FindingDraft[]): boolean {
  const by = SUBSUMED_BY[s.detector];
  if (!by) return false;
  const covered = new Set(group.filter((o) => o.detector === by).flatMap((o) => o.event_uids));
  return s.event_uids.every((u) => covered.has(u));
}

/**
 * One finding per burst: the signals of all detectors on the same identity whose time windows overlap (or
 * are less than `gapMs` apart) become one finding. Its score combines theirs, its title is the strongest
 * signal's, its explanation lists every signal's sentence, strongest first, and its evidence is the union.
 */
export function combine(signals: Signal[], categories: Map<string, string>, gapMs: number): FindingDraft[] {
  const weighted = signals.map((s) => {
    const human = categories.get(s.actor_uid ?? '') === 'human';
    const score = s.novelty && human ? Math.round(s.score * HUMAN_NOVELTY_WEIGHT) : s.score;
    return { ...s, score, t0: Date.parse(s.start), t1: Date.parse(s.end) };
  });
  weighted.sort((a, b) => (a.actor_uid ?? '').localeCompare(b.actor_uid ?? '') || a.t0 - b.t0);
  const groups: (typeof weighted)[] = [];
  let current: typeof weighted = [];
  let end = -Infinity;
  for (const s of weighted) {
    const same = current.length > 0 && current[0]!.actor_uid === s.actor_uid && s.t0 - end <= gapMs;
    if (!same) {
      if (current.length) groups.push(current);
      current = [];
      end = -Infinity;
    }
    current.push(s);
    end = Math.max(end, s.t1);
  }
  if (current.length) groups.push(current);

  return groups
    .map((g) => {
      // One signal per detector counts toward the score: a detector firing twice in a burst is one reason.
      const best = new Map<string, (typeof g)[number]>();
      for (const s of g) if ((best.get(s.detector)?.score ?? -1) < s.score) best.set(s.detector, s);
      const ranked = [...best.values()].sort((a, b) => b.score - a.score);
      const top = ranked[0]!;
      const score = combineScores(ranked.filter((s) => !redundant(s, g)).map((s) => s.score));
      const uids = new Map<string, number>();
      for (const s of g) s.event_uids.forEach((u, i) => uids.set(u, Math.min(uids.get(u) ?? Infinity, s.t0 + i)));
      const evidence = [...uids.entries()].sort((a, b) => a[1] - b[1]).map(([u]) => u);
      return {
        detector: top.detector,
        detectors: ranked.map((s) => s.detector),
        severity: severityOf(score),
        score,
        actor_uid: top.actor_uid,
        start: new Date(Math.min(...g.map((s) => s.t0))).toISOString(),
        end: new Date(Math.max(...g.map((s) => s.t1))).toISOString(),
        title: ranked.length > 1 ? `${top.title} (+${ranked.length - 1} more)` : top.title,
        explanation: ranked.map((s) => s.explanation).join('; '),
        event_uids: evidence.slice(0, MAX_EVIDENCE),
      } satisfies FindingDraft;
    })
    .sort((a, b) => b.score - a.score || a.start.localeCompare(b.start));
}
