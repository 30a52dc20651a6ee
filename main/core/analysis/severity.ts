import type { Severity } from '../case/finding-draft';

/** Score bands: one clear signal (tampering, an offensive tool) is high; two independent weaker ones make medium. */
export function severityOf(score: number): Severity {
  if (score >= 85) return 'critical';
  if (score >= 65) return 'high';
  if (score >= 45) return 'medium';
  if (score >= 20) return 'low';
  return 'info';
}

/** Independent signals combine like probabilities: 1 - Π(1 - s/100). */
export function combineScores(scores: number[]): number {
  const miss = scores.reduce((m, s) => m * (1 - Math.max(0, Math.min(99, s)) / 100), 1);
  return Math.round(100 * (1 - miss));
}
