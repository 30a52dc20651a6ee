import type { FindingDraft } from '../../main/core/case/finding-draft';
import type { ScenarioTruth } from '../../main/core/demo/attacks';

export const REPORTABLE = new Set(['medium', 'high', 'critical']);
const SLACK_MS = 5 * 60_000;

/** A finding covers a scenario when it names the scenario's identity and its window overlaps the attack's. */
export function covers(f: FindingDraft, s: ScenarioTruth): boolean {
  if (f.actor_uid !== s.actor_uid) return false;
  return Date.parse(f.start) <= Date.parse(s.end) + SLACK_MS && Date.parse(f.end) >= Date.parse(s.start) - SLACK_MS;
}

export interface SeedScore {
  seed: number;
  scenarios: number;
  caught: string[];
  missed: string[];
  /** Scenario names caught with this detector among the finding's detectors. */
  byDetector: Map<string, Set<string>>;
  /** Scenario names this detector's own signal reaches medium or higher on, without the others. */
  alone: Map<string, Set<string>>;
  falseFindings: FindingDraft[];
  benignEvents: number;
}

/** Scores medium-or-higher findings against the ground truth; findings matching no scenario are false. */
export function score(
  seed: number,
  findings: FindingDraft[],
  signals: FindingDraft[],
  truths: ScenarioTruth[],
  benignEvents: number,
): SeedScore {
  const alone = new Map<string, Set<string>>();
  for (const s of truths)
    for (const sig of signals)
      if (REPORTABLE.has(sig.severity) && covers(sig, s)) {
        const set = alone.get(sig.detector) ?? new Set<string>();
        set.add(s.scenario);
        alone.set(sig.detector, set);
      }
  const reportable = findings.filter((f) => REPORTABLE.has(f.severity));
  const byDetector = new Map<string, Set<string>>();
  const caught: string[] = [];
  const missed: string[] = [];
  for (const s of truths) {
    const hits = reportable.filter((f) => covers(f, s));
    (hits.length ? caught : missed).push(s.scenario);
    for (const f of hits)
      for (const d of f.detectors ?? [f.detector]) {
        const set = byDetector.get(d) ?? new Set<string>();
        set.add(s.scenario);
        byDetector.set(d, set);
      }
  }
  const falseFindings = reportable.filter((f) => !truths.some((s) => covers(f, s)));
  return { seed, scenarios: truths.length, caught, missed, byDetector, alone, falseFindings, benignEvents };
}
