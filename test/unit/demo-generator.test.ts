import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCloudTrailArchive, type CloudTrailDemoResult } from '../../main/core/demo/generate-cloudtrail';
import { Random } from '../../main/core/demo/random';

const root = mkdtempSync(join(tmpdir(), 'trailmark-demo-'));
const BASE = { seed: 7, days: 3, scale: 0.2, start: '2026-10-01T00:00:00Z' };
const FILE_PATH =
  /^AWSLogs\/(\d{12})\/CloudTrail\/([a-z]{2}-[a-z]+-\d)\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{12})_CloudTrail_([a-z]{2}-[a-z]+-\d)_(\d{8})T(\d{4})Z_([A-Za-z0-9]{16})\.json\.gz$/;

type CtRecord = Record<string, unknown> & { userIdentity: Record<string, unknown> };

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else out.push(full);
  }
  return out.sort();
}

function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of listFiles(dir))
    out[relative(dir, file).split(sep).join('/')] = createHash('sha256').update(readFileSync(file)).digest('hex');
  return out;
}

function readRecords(file: string): CtRecord[] {
  const doc = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { Records: CtRecord[] };
  return doc.Records;
}

/** The actor key as Trailmark's CloudTrail reader derives it, which the ground truth is keyed by. */
function actorKey(u: Record<string, unknown>): string {
  const issuer = (u.sessionContext as { sessionIssuer?: { arn?: string } } | undefined)?.sessionIssuer?.arn;
  if (u.type === 'AssumedRole' && issuer) return issuer;
  if (u.type === 'AWSService') return String(u.invokedBy);
  if (u.type === 'WebIdentityUser') return `${String(u.identityProvider)}:${String(u.userName)}`;
  return String(u.arn);
}

const runs: Record<string, { dir: string; result: CloudTrailDemoResult; progress: [number, number][] }> = {};

async function generate(name: string, opts: Partial<typeof BASE>) {
  const dir = join(root, name);
  const progress: [number, number][] = [];
  const result = await generateCloudTrailArchive({
    ...BASE,
    ...opts,
    outDir: dir,
    onProgress: (done, total) => progress.push([done, total]),
  });
  runs[name] = { dir, result, progress };
}

const run = (name: string) => {
  const r = runs[name];
  if (!r) throw new Error(`run ${name} missing`);
  return r;
};

beforeAll(async () => {
  await generate('a', {});
  await generate('a-again', {});
  await generate('other-seed', { seed: 8 });
  await generate('bigger', { scale: 0.8 });
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('Random', () => {
  it('is deterministic per seed and yields well-formed values', () => {
    const a = new Random(42);
    const b = new Random(42);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(new Random(43).next()).not.toBe(seqA[0]);
    const r = new Random(1);
    for (let i = 0; i < 200; i++) {
      const n = r.int(3, 5);
      expect(n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true);
      expect(r.next()).toBeLessThan(1);
    }
    expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.hex(11)).toMatch(/^[0-9a-f]{11}$/);
    expect(r.weighted([['only', 1]] as const)).toBe('only');
    expect(r.fork('x').next()).toBe(new Random(1).fork('x').next());
  });
});

describe('generateCloudTrailArchive', () => {
  it('writes byte-identical archives for the same seed, and a different one for another seed', () => {
    const a = hashes(run('a').dir);
    expect(Object.keys(a).length).toBe(run('a').result.files);
    expect(hashes(run('a-again').dir)).toEqual(a);
    expect(run('a-again').result).toEqual(run('a').result);
    expect(hashes(run('other-seed').dir)).not.toEqual(a);
  });

  it('lays files out like CloudTrail S3 delivery, each a gzip of {"Records":[...]} from its folder day', () => {
    const { dir, result } = run('a');
    let records = 0;
    let bytes = 0;
    for (const file of listFiles(dir)) {
      const rel = relative(dir, file).split(sep).join('/');
      const m = FILE_PATH.exec(rel);
      expect(m, rel).not.toBeNull();
      if (!m) continue;
      const [, account, region, yyyy, mm, dd, nameAccount, nameRegion, nameDate] = m;
      expect(nameAccount).toBe(account);
      expect(nameRegion).toBe(region);
      expect(nameDate).toBe(`${yyyy}${mm}${dd}`);
      const raw = gunzipSync(readFileSync(file)).toString('utf8');
      expect(raw.startsWith('{"Records":[')).toBe(true);
      bytes += readFileSync(file).length;
      const recs = readRecords(file);
      expect(recs.length).toBeGreaterThan(0);
      let previous = '';
      for (const r of recs) {
        expect(
          typeof r.eventTime === 'string' && r.eventTime.startsWith(`${yyyy}-${mm}-${dd}T`),
          `${rel} ${String(r.eventTime)}`,
        ).toBe(true);
        expect(r.eventTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        expect(String(r.eventTime) >= previous).toBe(true);
        previous = String(r.eventTime);
        expect(r.eventName).toEqual(expect.any(String));
        expect(r.eventSource).toMatch(/\.amazonaws\.com$/);
        expect(r.awsRegion).toBe(region);
        expect(r.recipientAccountId).toBe(account);
        expect(r.eventID).toMatch(/^[0-9a-f-]{36}$/);
        expect(r.userIdentity.type).toEqual(expect.any(String));
        expect(['1.08', '1.09']).toContain(r.eventVersion);
      }
      records += recs.length;
    }
    expect(records).toBe(result.records);
    expect(bytes).toBe(result.bytes);
    expect(result.uncompressedBytes).toBeGreaterThan(result.bytes);
  });

  it('reports as truth exactly the identities that act in the archive, humans and machines alike', () => {
    const { dir, result } = run('bigger');
    const actors = new Set<string>();
    for (const file of listFiles(dir)) for (const r of readRecords(file)) actors.add(actorKey(r.userIdentity));
    expect(new Set(result.identities.map((i) => i.actorUid))).toEqual(actors);
    const categories = new Set(result.identities.map((i) => i.category));
    expect(categories).toEqual(new Set(['human', 'machine']));
    const small = run('a').result.identities;
    expect(small.some((i) => i.category === 'human')).toBe(true);
    expect(small.some((i) => i.category === 'machine')).toBe(true);
    const byUid = new Map(result.identities.map((i) => [i.actorUid, i]));
    expect(byUid.get('arn:aws:iam::111122223333:role/orders-processor-lambda-role')?.category).toBe('machine');
    expect(byUid.get('arn:aws:iam::111122223333:root')?.category).toBe('human');
    expect(byUid.get('lambda.amazonaws.com')?.category).toBe('machine');
  });

  it('scales volume roughly in proportion to `scale`', () => {
    const ratio = run('bigger').result.records / run('a').result.records;
    expect(ratio).toBeGreaterThan(2.5);
    expect(ratio).toBeLessThan(5.5);
  });

  it('reports progress per file, ending with done === total === files', () => {
    const { progress, result } = run('a');
    expect(progress.length).toBe(result.files);
    expect(progress.at(-1)).toEqual([result.files, result.files]);
    for (let i = 1; i < progress.length; i++) {
      const [done, total] = progress[i] ?? [0, 0];
      const [prevDone, prevTotal] = progress[i - 1] ?? [0, 0];
      expect(done).toBe(prevDone + 1);
      expect(total).toBeLessThanOrEqual(prevTotal);
      expect(total).toBeGreaterThanOrEqual(done);
    }
  });

  it('stops, with nothing left writing, when onProgress throws (how callers cancel)', async () => {
    const dir = join(root, 'cancelled');
    let calls = 0;
    const cancelled = generateCloudTrailArchive({
      ...BASE,
      outDir: dir,
      onProgress: () => {
        if (++calls === 5) throw new Error('cancelled');
      },
    });
    await expect(cancelled).rejects.toThrow('cancelled');
    const written = listFiles(dir).length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(listFiles(dir).length).toBe(written);
    expect(written).toBeLessThan(run('a').result.files);
  });

  it('rejects nonsense options', async () => {
    await expect(generateCloudTrailArchive({ outDir: join(root, 'bad'), days: 0 })).rejects.toThrow(/days/);
    await expect(generateCloudTrailArchive({ outDir: join(root, 'bad'), scale: -1 })).rejects.toThrow(/scale/);
    await expect(generateCloudTrailArchive({ outDir: join(root, 'bad'), start: 'yesterday' })).rejects.toThrow(/start/);
  });
});
