/**
 * The labelled identity corpus (test/fixtures/identities/labels.json), read by both the corpus test and
 * `npm run eval`. Each case is a set of files ingested together into one real case; each labelled identity is one
 * principal with the records it made, its true canonical key, category and kind, written by hand from the records.
 *
 * Scoring, per labelled principal (one status each, so the statuses sum to the principals):
 *  - split:   its records landed on more than one identity (or some on none);
 *  - merged:  its identity also holds records of another labelled principal;
 *  - wrong:   its identity has another key, kind or a wrong category (human for machine or the reverse), or none;
 *  - unknown: the identity says unknown where the label says human or machine;
 *  - right:   one identity, with the labelled key, category and kind.
 */
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { CoreService } from '../../main/core/api/service';
import { ingest, openTempCase } from './core';
import { HAVE_SAMPLES, REPO, SAMPLES } from './paths';

export const CORPUS_DIR = path.join(REPO, 'test/fixtures/identities');

export type Category = 'human' | 'machine' | 'unknown';

export interface LabelledIdentity {
  /** The canonical actor_uid every record of this principal must land on. */
  key: string;
  category: Category;
  kind: string;
  /** Why, in one line, from the records (written by hand). */
  why: string;
  /** The records it made: "*" for every record of the case no other label claims, or positions per file. */
  records: '*' | Record<string, number[]>;
  /** A label known to fail until another branch lands (named); reported apart, never weakened. */
  expectedToFailUntil?: string;
}

export interface CorpusCase {
  name: string;
  /** The source column of the eval table. */
  source: string;
  /**
   * "samples/<path under ../shared/samples>", "fixtures/<path under test/fixtures/identities>" or
   * "sources/<path under test/fixtures/sources>" (the source fixtures, labelled here too).
   */
  files: string[];
  identities: LabelledIdentity[];
}

export type Status = 'right' | 'wrong' | 'unknown' | 'split' | 'merged';

export interface PrincipalResult {
  caseName: string;
  source: string;
  label: LabelledIdentity;
  status: Status;
  /** What was seen, for the failure message. */
  detail: string;
}

/** One record as ingested, with the identity it landed on. */
export interface ObservedEvent {
  file: string;
  position: number;
  actor_uid: string | null;
  category: string | null;
  kind: string | null;
  reason: string | null;
  /** The identity whose credential made the record when it is not the actor (a Kubernetes impersonator). */
  credential_uid: string | null;
  credential_reason: string | null;
  raw: string;
}

export interface CaseRun {
  events: ObservedEvent[];
  results: PrincipalResult[];
  /** Records no label claims (the labels are incomplete): "file@position actor_uid". */
  unlabelled: string[];
}

export function loadCorpus(): CorpusCase[] {
  const data = JSON.parse(readFileSync(path.join(CORPUS_DIR, 'labels.json'), 'utf8')) as { cases: CorpusCase[] };
  return data.cases;
}

export const usesSamples = (c: CorpusCase) => c.files.some((f) => f.startsWith('samples/'));
/** Whether a case can run here: cases on ../shared samples need them present. */
export const runnable = (c: CorpusCase) => HAVE_SAMPLES || !usesSamples(c);

export function filePath(f: string): string {
  if (f.startsWith('samples/')) return path.join(SAMPLES, f.slice('samples/'.length));
  if (f.startsWith('fixtures/')) return path.join(CORPUS_DIR, f.slice('fixtures/'.length));
  if (f.startsWith('sources/')) return path.join(REPO, 'test/fixtures/sources', f.slice('sources/'.length));
  throw new Error(`labels.json: file ${f} must start with samples/, fixtures/ or sources/`);
}

/** Ingests the case's files into a fresh temp case and reads every record back with its identity. */
export async function observe(c: CorpusCase): Promise<ObservedEvent[]> {
  const { core, dir } = await openTempCase('corpus');
  try {
    await ingest(
      core,
      c.files.map((f) => filePath(f)),
    );
    return await readEvents(core, c);
  } finally {
    await core.close(); // waits for the case's background work (its text index) to stop writing its files
    await rm(path.dirname(dir), { recursive: true, force: true });
  }
}

async function readEvents(core: CoreService, c: CorpusCase): Promise<ObservedEvent[]> {
  const db = core.session.requireCase().db;
  const rows = await db.all<{
    path: string;
    member_path: string | null;
    position: string;
    actor_uid: string | null;
    category: string | null;
    kind: string | null;
    reason: string | null;
    credential_uid: string | null;
    credential_reason: string | null;
    raw: string;
  }>(`SELECT f.path, f.member_path, e.position, e.actor_uid, i.category, i.kind, i.reason,
        c.actor_uid AS credential_uid, c.reason AS credential_reason, CAST(e.raw AS VARCHAR) AS raw
      FROM events e JOIN evidence_files f USING (evidence_id) LEFT JOIN identities i USING (actor_uid)
        LEFT JOIN identities c ON c.actor_uid = e.credential_uid
      ORDER BY f.path, CAST(e.position AS BIGINT)`);
  return rows.map((r) => {
    const full = r.member_path ? `${r.path}/${r.member_path}` : r.path;
    const file = c.files.find((f) => path.resolve(filePath(f)) === path.resolve(full));
    if (!file) throw new Error(`${c.name}: an event came from ${full}, which the case does not list`);
    return { ...r, file, position: Number(r.position) };
  });
}

const key = (file: string, position: number) => `${file}@${position}`;

/** Scores one case's observed events against its labels. */
export function score(c: CorpusCase, events: ObservedEvent[]): CaseRun {
  const owner = new Map<string, number>(); // record -> index of the label that claims it
  c.identities.forEach((l, i) => {
    if (l.records === '*') return;
    for (const [file, positions] of Object.entries(l.records)) {
      if (!c.files.includes(file)) throw new Error(`${c.name}: label ${l.key} names ${file}, not in the case's files`);
      for (const p of positions) owner.set(key(file, p), i);
    }
  });
  const rest = c.identities.findIndex((l) => l.records === '*');
  const byLabel = c.identities.map(() => [] as ObservedEvent[]);
  const labelsOnUid = new Map<string, Set<number>>();
  const unlabelled: string[] = [];
  for (const e of events) {
    const i = owner.get(key(e.file, e.position)) ?? (rest >= 0 ? rest : undefined);
    if (i === undefined) {
      unlabelled.push(`${key(e.file, e.position)} ${e.actor_uid ?? '(no actor)'}`);
      continue;
    }
    byLabel[i]!.push(e);
    const uid = e.actor_uid ?? '(no actor)';
    labelsOnUid.set(uid, (labelsOnUid.get(uid) ?? new Set()).add(i));
  }
  const results = c.identities.map((label, i): PrincipalResult => {
    const mine = byLabel[i]!;
    const r = (status: Status, detail: string) => ({ caseName: c.name, source: c.source, label, status, detail });
    if (mine.length === 0) return r('wrong', 'none of its records was loaded');
    const uids = [...new Set(mine.map((e) => e.actor_uid ?? '(no actor)'))];
    if (uids.length > 1) return r('split', `its ${mine.length} records landed on ${uids.join(', ')}`);
    const e = mine[0]!;
    const others = [...labelsOnUid.get(uids[0]!)!].filter((j) => j !== i);
    if (others.length > 0)
      return r('merged', `${uids[0]} also holds ${others.map((j) => c.identities[j]!.key).join(', ')}`);
    const seen = `${e.actor_uid} = ${e.category}/${e.kind} (${e.reason})`;
    if (e.actor_uid !== label.key || e.category === null) return r('wrong', `landed on ${seen}`);
    if (e.category === 'unknown' && label.category !== 'unknown') return r('unknown', seen);
    if (e.category !== label.category || e.kind !== label.kind) return r('wrong', seen);
    return r('right', seen);
  });
  return { events, results, unlabelled };
}

export interface SourceTally {
  source: string;
  identities: number;
  right: number;
  wrong: number;
  unknown: number;
  split: number;
  merged: number;
  /** Of the not-right ones, how many carry expectedToFailUntil. */
  knownFailing: number;
}

export function tally(results: PrincipalResult[]): SourceTally[] {
  const by = new Map<string, SourceTally>();
  for (const r of results) {
    const t = by.get(r.source) ?? {
      source: r.source,
      identities: 0,
      right: 0,
      wrong: 0,
      unknown: 0,
      split: 0,
      merged: 0,
      knownFailing: 0,
    };
    t.identities++;
    t[r.status]++;
    if (r.status !== 'right' && r.label.expectedToFailUntil) t.knownFailing++;
    by.set(r.source, t);
  }
  return [...by.values()].sort((a, b) => a.source.localeCompare(b.source));
}

/** The eval table: one line per source and a total. */
export function formatTally(rows: SourceTally[]): string[] {
  const cols = ['identities', 'right', 'wrong', 'unknown', 'split', 'merged', 'knownFailing'] as const;
  const total = rows.reduce(
    (t, r) => {
      for (const c of cols) t[c] += r[c];
      return t;
    },
    { source: 'total', identities: 0, right: 0, wrong: 0, unknown: 0, split: 0, merged: 0, knownFailing: 0 },
  );
  const line = (r: SourceTally) =>
    `  ${r.source.padEnd(16)} ${cols.map((c) => String(r[c]).padStart(c === 'knownFailing' ? 13 : c.length + 1)).join('')}`;
  return [
    `  ${'source'.padEnd(16)} ${cols.map((c) => (c === 'knownFailing' ? ' known-failing' : ` ${c}`)).join('')}`,
    ...rows.map(line),
    line(total),
  ];
}
