import type { CaseInfo } from '../../../shared/model';
import { count } from '../format/numbers';
import { compactUtc, isoUtc } from '../format/time';
import { AddEvidence } from './AddEvidence';

function Stat(props: { label: string; value: string; title?: string; tone?: 'warn'; testId?: string }) {
  return (
    <div className={`stat${props.tone ? ` stat-${props.tone}` : ''}`} title={props.title} data-testid={props.testId}>
      <span className="stat-label">{props.label}</span>
      <span className="stat-value">{props.value}</span>
    </div>
  );
}

/** One line of what the case holds, and where evidence is added. */
export function CaseSummary({ info }: { info: CaseInfo }) {
  const { human, machine, unknown } = info.identities;
  const range =
    info.time_range.from && info.time_range.to
      ? `${compactUtc(info.time_range.from)} → ${compactUtc(info.time_range.to)}`
      : '—';
  const exactRange = `${isoUtc(info.time_range.from)} → ${isoUtc(info.time_range.to)}`;
  const issues = info.issues.first
    .map((i) => `${i.file}${i.position ? ` @ ${i.position}` : ''}: ${i.reason}`)
    .join('\n');
  return (
    <section className="case-summary" aria-label="Case summary">
      <Stat label="Events" value={count(info.events)} testId="case-events" />
      <Stat label="Time range (UTC)" value={range} title={exactRange} />
      <Stat
        label="Identities"
        value={`${count(machine)} machine · ${count(human)} human · ${count(unknown)} unknown`}
        title={info.sources.map((s) => `${s.source}: ${count(s.events)} events`).join('\n')}
      />
      <Stat label="Evidence files" value={count(info.evidence_total)} />
      <Stat
        label="Ingest issues"
        value={count(info.issues.count)}
        {...(info.issues.count > 0 ? { tone: 'warn' as const, title: issues } : {})}
      />
      <AddEvidence />
    </section>
  );
}
