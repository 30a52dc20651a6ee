/**
 * Small crafted cases for detector tests: a real case file (DuckDB) in a temp folder, events inserted as rows,
 * identities derived from them. A "week" of learning then the analysed days, all in UTC.
 */
import path from 'node:path';
import { detect } from '../../main/core/analysis/run-analysis';
import type { Detector } from '../../main/core/analysis/detector';
import { CaseFile } from '../../main/core/case/case-file';
import { tempDir } from '../helpers/paths';

export const DAY = 86_400_000;
export const T0 = Date.UTC(2026, 9, 1); // learning starts
export const UNTIL = new Date(T0 + 14 * DAY).toISOString(); // analysed from day 14 on

export interface Ev {
  time: number;
  actor?: string;
  op?: string;
  service?: string;
  ip?: string;
  ua?: string;
  region?: string;
  outcome?: 'success' | 'failure';
  error?: string;
  credential?: string;
  resource?: string;
  resource_type?: string;
  /** What the call acted on (events.targets). */
  targets?: string[];
  source?: string;
}

export const CI = 'arn:aws:iam::111122223333:role/ci-deploy';
export const SDK = 'aws-sdk-go/1.55.5 (go1.22.7; linux; amd64)';

let seq = 0;
export async function crafted(events: Ev[], categories: Record<string, string> = {}): Promise<CaseFile> {
  const dir = path.join(await tempDir('trailmark-detector-'), 'c.trailmark');
  const c = await CaseFile.open(dir, { create: true });
  const rows = events.map((e) => ({
    event_uid: `e${++seq}`,
    time: new Date(e.time).toISOString(),
    source: e.source ?? 'cloudtrail',
    evidence_id: 1,
    position: String(seq),
    api_operation: e.op ?? 'DescribeInstances',
    api_service: e.service ?? 'ec2.amazonaws.com',
    resource_uid: e.resource ?? null,
    resource_type: e.resource_type ?? null,
    outcome: e.outcome ?? 'success',
    error_code: e.error ?? null,
    src_ip: e.ip ?? '10.20.1.5',
    user_agent: e.ua ?? SDK,
    region: e.region ?? 'us-east-1',
    actor_uid: e.actor ?? CI,
    credential_uid: e.credential ?? null,
    targets: e.targets ?? null,
    raw: '{}',
  }));
  await c.db.insertRows(
    'events',
    {
      event_uid: 'VARCHAR',
      time: 'TIMESTAMPTZ',
      source: 'VARCHAR',
      evidence_id: 'INTEGER',
      position: 'VARCHAR',
      api_operation: 'VARCHAR',
      api_service: 'VARCHAR',
      resource_uid: 'VARCHAR',
      resource_type: 'VARCHAR',
      outcome: 'VARCHAR',
      error_code: 'VARCHAR',
      src_ip: 'VARCHAR',
      user_agent: 'VARCHAR',
      region: 'VARCHAR',
      actor_uid: 'VARCHAR',
      credential_uid: 'VARCHAR',
      targets: 'VARCHAR[]',
      raw: 'JSON',
    },
    rows,
  );
  await c.db.run(`INSERT INTO evidence_files (ingest_id, path, sha256, size, format, added_at)
                  VALUES ('i', 'crafted', 'x', 0, 'cloudtrail', now())`);
  await c.db.run(`INSERT INTO identities SELECT actor_uid, actor_uid, 'cloudtrail', NULL, 'machine', 'iam_role', 'test',
                  min(time), max(time), count(*) FROM events GROUP BY actor_uid`);
  for (const [actor, category] of Object.entries(categories))
    await c.db.run('UPDATE identities SET category = ? WHERE actor_uid = ?', [category, actor]);
  return c;
}

/**
 * Routine work: `perDay` calls a day between 13:00 and 17:00 UTC on weekdays, for `days` days from T0, cycling
 * through `ops`, from one of `ips`.
 */
export function routine(
  days: number,
  perDay: number,
  over: Partial<Ev> = {},
  ops = ['DescribeInstances', 'GetObject'],
  ips = ['10.20.1.5', '10.20.2.9'],
): Ev[] {
  const out: Ev[] = [];
  for (let d = 0; d < days; d++) {
    const dow = new Date(T0 + d * DAY).getUTCDay();
    if (dow === 0 || dow === 6) continue;
    for (let i = 0; i < perDay; i++)
      out.push({
        time: T0 + d * DAY + 13 * 3_600_000 + Math.floor((i * 4 * 3_600_000) / perDay),
        op: ops[i % ops.length],
        ip: ips[i % ips.length],
        ...over,
      });
  }
  return out;
}

/** Runs the given detectors through the whole pipeline (signals, then merged findings). */
export async function analyse(c: CaseFile, detectors: Detector[]) {
  return detect(c.db, { baselineUntil: UNTIL, detectors });
}

/** A time in the analysed part: day 14 + d, at hh:mm UTC. */
export const at = (d: number, hh: number, mm = 0) => T0 + (14 + d) * DAY + hh * 3_600_000 + mm * 60_000;
