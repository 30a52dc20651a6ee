import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import type { IngestSummary } from '../../shared/model';
import { cloudTrailRecords } from '../helpers/archives';
import { ingest, openTempCase } from '../helpers/core';
import { byFile } from './by-file';
import { REPO, tempDir } from '../helpers/paths';

const BAD = 40; // index of the one bad record in each file

/** CloudTrail records as an array of objects (the same ones cloudTrailRecords wraps in {"Records":[...]}). */
const ctRecords = (n: number) => (JSON.parse(cloudTrailRecords(n)) as { Records: object[] }).Records;

/** One record's line made malformed, made not UTF-8, or given a raw control byte. */
const breakers: Record<string, (line: string) => Buffer> = {
  malformed: (line) => Buffer.from(line.replace('{', '{,')), // a stray comma
  latin1: (line) => Buffer.from(line.replace(/:"([^"]*)"/, ':"caf\u00e9"'), 'latin1'), // é as one byte 0xE9
  nul: (line) => Buffer.from(line.replace(/:"([^"]*)"/, ':"a\u0000b"')), // a raw NUL inside a string
  'invalid UTF-8': (line) =>
    Buffer.concat([Buffer.from(line.slice(0, 20)), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(line.slice(20))]),
};

/** 100 lines: `lines` cycled, the one at BAD broken. */
function hundred(lines: string[], brk: (l: string) => Buffer): Buffer[] {
  return Array.from({ length: 100 }, (_, i) => {
    const l = lines[i % lines.length]!;
    return i === BAD ? brk(l) : Buffer.from(l);
  });
}

const SOURCE_LINES = [
  'aks-kube-audit-object.jsonl',
  'azure-activity-export.jsonl',
  'entra-audit.jsonl',
  'entra-user-signins.jsonl',
  'github-audit-machines.jsonl',
  'gke-cloud-logging-audit.jsonl',
  'okta-machines.jsonl',
  'vault-machine-auth.jsonl',
];

describe('one bad record costs only itself, in every layout and reader', () => {
  let core: CoreService;
  let dir: string;
  let summary: IngestSummary;
  const expected = new Map<string, { position: string; reason: RegExp }>();

  beforeAll(async () => {
    dir = await tempDir();
    const at = (name: string) => path.join(dir, 'evidence', name);
    await mkdir(path.join(dir, 'evidence'));
    const put = async (name: string, content: Buffer, reason: RegExp) => {
      await writeFile(at(name), content);
      expected.set(name, { position: `record ${BAD}`, reason });
    };
    const notJson = /^not valid JSON \(the record could not be parsed\)$/;
    const unreadable = /^not valid UTF-8 \(the record could not be read\)$/;
    const reasonOf = (kind: string) => (kind === 'malformed' || kind === 'nul' ? notJson : unreadable);
    for (const [kind, brk] of Object.entries(breakers)) {
      const lines = ctRecords(100).map((r) => JSON.stringify(r));
      const recs = hundred(lines, brk);
      const join = (sep: string) => Buffer.concat(recs.flatMap((r, i) => (i ? [Buffer.from(sep), r] : [r])));
      const tag = kind.replace(/\W+/g, '-');
      await put(
        `ct-records-${tag}.json`,
        Buffer.concat([Buffer.from('{"Records":['), join(','), Buffer.from(']}')]),
        reasonOf(kind),
      );
      await put(
        `ct-array-${tag}.json`,
        Buffer.concat([Buffer.from('['), join(',\n'), Buffer.from(']')]),
        reasonOf(kind),
      );
      await put(`ct-lines-${tag}.jsonl`, join('\n'), kind === 'malformed' ? notJson : reasonOf(kind));
    }
    for (const name of SOURCE_LINES) {
      const text = await readFile(path.join(REPO, 'test/fixtures/sources', name), 'utf8');
      const lines = text.split('\n').filter((l) => l.trim());
      const recs = hundred(lines, breakers.malformed!);
      await put(`src-${name}`, Buffer.concat(recs.flatMap((r) => [r, Buffer.from('\n')])), notJson);
    }
    const gcp = JSON.parse(
      await readFile(path.join(REPO, 'test/fixtures/sources/gcp-audit-array.json'), 'utf8'),
    ) as object[];
    const gcpLines = hundred(
      gcp.map((r) => JSON.stringify(r)),
      breakers.malformed!,
    );
    await put(
      'src-gcp-array.json',
      Buffer.concat([
        Buffer.from('[\n'),
        Buffer.concat(gcpLines.flatMap((r, i) => (i ? [Buffer.from(',\n'), r] : [r]))),
        Buffer.from('\n]'),
      ]),
      notJson,
    );
    // a good file beside them loads in full, by the fast path
    await writeFile(at('good.json'), cloudTrailRecords(7));
    ({ core } = await openTempCase());
    summary = await ingest(core, [path.join(dir, 'evidence')]);
  });
  afterAll(async () => {
    core?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const { file } = byFile(() => summary);

  it('loads the 99 good records of each file and quarantines the bad one at its index, in plain words', async () => {
    const issues = (await core.api.caseInfo({})).issues.first;
    const problems: string[] = [];
    for (const [name, want] of expected) {
      const f = file(name);
      const got = issues.filter((i) => i.file.endsWith(`/${name}`));
      const line = `${name}: ${f.format} records ${f.records} loaded ${f.loaded} quarantined ${f.quarantined}; ${got
        .map((i) => `${i.position}: ${i.reason}`)
        .join(' | ')}`;
      const ok =
        f.records === 100 &&
        f.loaded === 99 &&
        f.quarantined === 1 &&
        got.length === 1 &&
        got[0]!.position === want.position &&
        want.reason.test(got[0]!.reason) &&
        !/SELECT|read_csv|read_json/i.test(got[0]!.reason);
      if (!ok) problems.push(line);
    }
    expect(problems).toEqual([]);
    expect(file('good.json')).toMatchObject({ records: 7, loaded: 7, quarantined: 0 });
  });

  it('accounts for every record: seen = loaded + quarantined for every file', () => {
    for (const f of summary.files) expect(f.records, f.path).toBe(f.loaded + f.quarantined);
    expect(summary.loaded).toBe(99 * expected.size + 7);
  });
});
