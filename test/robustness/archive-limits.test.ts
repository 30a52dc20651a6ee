import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { resolveLimits } from '../../main/core/ingest/limits';
import { EvidenceWalker } from '../../main/core/ingest/walk';
import { type IngestLimitOptions, type IngestSummary } from '../../shared/model';
import { cloudTrailRecords, writeTar, writeZip } from '../helpers/archives';
import { openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

const MiB = 2 ** 20;

/**
 * An overlapping-entry zip bomb, written by hand: one local header and one deflated kernel, and a central
 * directory of `count` entries that all point at it (each inflates to the whole kernel).
 */
function overlappingZip(kernel: Buffer, count: number): Buffer {
  const data = deflateRawSync(kernel, { level: 9 });
  const crc = crc32(kernel);
  const fixed = (sig: number, size: number) => {
    const b = Buffer.alloc(size);
    b.writeUInt32LE(sig, 0);
    return b;
  };
  const name = Buffer.from('kernel.json');
  const local = fixed(0x04034b50, 30);
  local.writeUInt16LE(20, 4); // version needed
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(kernel.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const n = Buffer.from(`m${String(i).padStart(4, '0')}.json`);
    const c = fixed(0x02014b50, 46);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(kernel.length, 24);
    c.writeUInt16LE(n.length, 28);
    c.writeUInt32LE(0, 42); // every entry's local header is the one at offset 0
    central.push(c, n);
  }
  const body = Buffer.concat([local, name, data]);
  const cd = Buffer.concat(central);
  const end = fixed(0x06054b50, 22);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(body.length, 16);
  return Buffer.concat([body, cd, end]);
}

/** JSON lines of CloudTrail-like records with random values: compresses about 2-4:1, like real varied logs. */
function variedLines(bytes: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = JSON.stringify({
      eventVersion: '1.09',
      eventTime: new Date(Date.UTC(2026, 9, 1) + i * 1000).toISOString(),
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      eventID: randomBytes(16).toString('hex'),
      sourceIPAddress: `10.${i % 250}.${(i >> 8) % 250}.${(i >> 16) % 250}`,
      requestParameters: { key: randomBytes(24).toString('base64') },
      userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::111122223333:user/u${i % 97}` },
    });
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(lines.join('\n') + '\n');
}

/** CloudTrail-like JSON lines whose values vary less (a few ids, names and keys in turn): about 6:1, like real logs. */
function realisticLines(bytes: number): { data: Buffer; records: number } {
  const lines: string[] = [];
  let size = 0;
  const ops = ['GetObject', 'PutObject', 'ListBuckets', 'AssumeRole', 'DescribeInstances', 'GetCallerIdentity'];
  for (let i = 0; size < bytes; i++) {
    const line = JSON.stringify({
      eventVersion: '1.09',
      eventTime: new Date(Date.UTC(2026, 9, 1) + i * 1000).toISOString(),
      eventSource: 's3.amazonaws.com',
      eventName: ops[i % ops.length],
      awsRegion: 'eu-west-1',
      eventID: randomBytes(16).toString('hex'),
      requestID: randomBytes(16).toString('hex'),
      sourceIPAddress: `10.${i % 7}.${(i >> 3) % 5}.${i % 13}`,
      userAgent: 'aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64',
      requestParameters: {
        bucketName: `data-${i % 11}`,
        key: `logs/2026/10/${i % 31}/${randomBytes(9).toString('base64url')}.json`,
      },
      userIdentity: {
        type: 'AssumedRole',
        arn: `arn:aws:sts::111122223333:assumed-role/ci-${i % 5}/build-${i % 17}`,
        accessKeyId: 'ASIA' + randomBytes(8).toString('hex').toUpperCase(),
      },
      readOnly: i % 3 !== 0,
      eventType: 'AwsApiCall',
      recipientAccountId: '111122223333',
    });
    lines.push(line);
    size += line.length + 1;
  }
  return { data: Buffer.from(lines.join('\n') + '\n'), records: lines.length };
}

/** Spaces: deflate expands them about 1000:1. */
const spaces = (bytes: number) => Buffer.alloc(bytes, 0x20);

async function ingestWith(core: CoreService, paths: string[], limits: IngestLimitOptions = {}): Promise<IngestSummary> {
  const { job } = await core.api.startIngest({ paths, limits });
  const end = await core.session.jobs.wait(job);
  if (end.state !== 'done' || end.kind !== 'ingest' || !end.result)
    throw new Error(`ingest ${end.state}: ${end.error?.message}`);
  return end.result;
}

/** Walks inputs into a staging folder of its own and reports what the walk left there, the bytes with it. */
async function walkOnly(staging: string, inputs: string[], limits: IngestLimitOptions) {
  const walker = new EvidenceWalker(staging, resolveLimits(limits), new AbortController().signal, {
    onBytes: () => {},
    onMember: () => {},
  });
  const walked = await walker.walk(inputs);
  const files = await readdir(staging);
  const bytes = (await Promise.all(files.map((f) => stat(path.join(staging, f))))).reduce((a, s) => a + s.size, 0);
  return { walked, files, bytes };
}

describe('archive limits on bytes actually written', () => {
  let core: CoreService | undefined;
  const dirs: string[] = [];
  const dir = async () => {
    const d = await tempDir();
    dirs.push(d);
    return d;
  };
  afterEach(async () => {
    core?.close();
    core = undefined;
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  const open = async () => {
    const opened = await openTempCase();
    dirs.push(path.dirname(opened.dir));
    core = opened.core;
    return opened;
  };

  it('refuses an overlapping-entry zip bomb under the default limits, writing none of it', async () => {
    const d = await dir();
    const bomb = path.join(d, 'overlap.zip');
    const zip = overlappingZip(spaces(8 * MiB), 50); // about 8 KB on disk, 400 MiB were it read
    await writeFile(bomb, zip);
    const staged = await walkOnly(path.join(d, 'staging'), [bomb], {});
    expect(staged.bytes).toBe(0);
    expect(staged.walked).toHaveLength(1);
    expect(staged.walked[0]).toMatchObject({ kind: 'archive', problem: expect.stringMatching(/share bytes/) });

    await open();
    const s = await ingestWith(core!, [bomb]);
    expect(s.files).toHaveLength(1); // the archive, once, with its problem
    expect(s.files[0]!.skipped_reason).toMatch(/overlapping entries, as in a zip bomb/);
    const issues = (await core!.api.caseInfo({})).issues.first.map((i) => `${i.file}: ${i.reason}`).join('\n');
    expect(issues).toMatch(/overlap\.zip: archive damaged or refused: entries "kernel\.json|m0000\.json/);
  });

  it('--max-ratio 10 refuses a small bomb whose headers say nothing (tar.gz), judged on bytes written', async () => {
    const d = await dir();
    const tgz = path.join(d, 'small-bomb.tar.gz');
    await writeTar(tgz, [{ name: 'spaces.json', data: spaces(4 * MiB) }], true);
    const r = await walkOnly(path.join(d, 'staging'), [tgz], { max_ratio: 10 });
    const member = r.walked.find((w) => w.memberPath === 'spaces.json');
    expect(member).toMatchObject({ kind: 'skipped', reason: expect.stringMatching(/ratio \d+:1 .*limit 10:1/) });
    expect(r.files).toEqual([]); // the refused member's partial file is gone at once
  });

  it('loads a legitimate big first member of a real ~3:1 tar.gz under --max-ratio 10', async () => {
    const d = await dir();
    const data = variedLines(6 * MiB);
    const tgz = path.join(d, 'real.tar.gz');
    await writeTar(tgz, [{ name: 'first.json', data }], true);
    const ratio = data.length / (await stat(tgz)).size;
    expect(ratio).toBeGreaterThan(1.5);
    expect(ratio).toBeLessThan(10);
    // Judged on header sizes against the compressed bytes read so far, this was "over 10:1" at its first chunk.
    const r = await walkOnly(path.join(d, 'staging'), [tgz], { max_ratio: 10, ratio_floor_bytes: MiB });
    expect(r.walked.find((w) => w.memberPath === 'first.json')).toMatchObject({ kind: 'file' });
    expect(r.bytes).toBe(data.length);
  });

  it('loads a legitimate tar.gz whose first member is 80 MiB of varied JSON (a real ratio, 6-8:1) under the default limits', async () => {
    const d = await dir();
    const { data, records } = realisticLines(80 * MiB);
    const tgz = path.join(d, 'big-first.tar.gz');
    await writeTar(tgz, [{ name: 'first.json', data }], true);
    const ratio = data.length / (await stat(tgz)).size;
    expect(ratio).toBeGreaterThan(4);
    expect(ratio).toBeLessThan(10);
    const { core } = await open();
    const summary = await ingestWith(core, [tgz]);
    const file = summary.files.find((f) => f.path.endsWith('first.json'));
    expect(file, JSON.stringify(summary.files)).toMatchObject({ records, loaded: records, quarantined: 0 });
    expect(file?.skipped_reason).toBeUndefined();
  });

  it('--max-total-size counts bytes written: the member that passes it is refused and its partial file removed', async () => {
    const d = await dir();
    const tgz = path.join(d, 'three.tar.gz');
    const parts = [variedLines(3 * MiB), variedLines(3 * MiB), variedLines(3 * MiB)];
    await writeTar(
      tgz,
      parts.map((data, i) => ({ name: `p${i}.json`, data })),
      true,
    );
    const zip = path.join(d, 'three.zip');
    await writeZip(
      zip,
      parts.map((data, i) => ({ name: `z${i}.json`, data })),
    );
    for (const input of [tgz, zip]) {
      const staging = path.join(d, `staging-${path.basename(input)}`);
      const r = await walkOnly(staging, [input], { max_total_bytes: 4 * MiB });
      expect(r.bytes).toBeLessThanOrEqual(4 * MiB); // only whole members that fit stay
      expect(r.files).toHaveLength(1);
      const refused = r.walked.filter((w) => w.kind === 'skipped');
      expect(refused.length).toBeGreaterThanOrEqual(1);
      expect(refused[0]).toMatchObject({ reason: expect.stringMatching(/total size limit/) });
    }
  });

  it('holds a .json.gz bomb to the member, total and ratio limits; its neighbours load', async () => {
    const d = await dir();
    const line = JSON.stringify(JSON.parse(variedLines(1).toString().trim())) + '\n';
    const bombText = Buffer.from(line.repeat(Math.ceil((24 * MiB) / line.length)));
    const bomb = gzipSync(bombText, { level: 9 });
    expect(bombText.length / bomb.length).toBeGreaterThan(100);
    await mkdir(path.join(d, 'in'));
    await writeFile(path.join(d, 'in', 'bomb.json.gz'), bomb);
    await writeFile(path.join(d, 'in', 'fine.json.gz'), gzipSync(cloudTrailRecords(150)));

    const cases: [IngestLimitOptions, RegExp][] = [
      [{ max_member_bytes: 10 * MiB }, /expands past 10485760 bytes \(member size limit\)/],
      [{ max_total_bytes: 10 * MiB }, /total size limit/],
      [{ max_ratio: 10 }, /looks like a bomb \(limit 10:1/],
    ];
    for (const [limits, reason] of cases) {
      await open();
      const s = await ingestWith(core!, [path.join(d, 'in')], limits);
      const file = (n: string) => s.files.find((f) => f.path.endsWith(n));
      expect(file('bomb.json.gz')?.skipped_reason, JSON.stringify(limits)).toMatch(reason);
      expect(file('bomb.json.gz')?.loaded).toBe(0);
      expect(file('fine.json.gz')?.loaded, JSON.stringify(s.files)).toBe(150);
      core!.close();
      core = undefined;
    }
  });

  it('keeps the total exact for gzip files let through uncounted: many small ones fit a tight total', async () => {
    const d = await dir();
    await mkdir(path.join(d, 'in'));
    const one = gzipSync(cloudTrailRecords(20)); // about 450 bytes, whose most (1032:1) is about 450 KB
    for (let i = 0; i < 12; i++)
      await writeFile(
        path.join(d, 'in', `f${String(i).padStart(2, '0')}.json.gz`),
        gzipSync(cloudTrailRecords(20, () => ({ awsRegion: `r${i}` }))),
      );
    expect(one.length * 1032 * 12).toBeGreaterThan(4 * MiB);
    const r = await walkOnly(path.join(d, 'staging'), [path.join(d, 'in')], { max_total_bytes: MiB });
    expect(r.walked.filter((w) => w.kind === 'file')).toHaveLength(12); // 5 MiB of estimates, about 100 KB real
  });

  it('cleans the staging folders a killed ingest left when the case is opened', async () => {
    const { dir: caseDir } = await open();
    core!.close();
    core = undefined;
    const left = path.join(caseDir, 'staging', '0123456789abcdef');
    await mkdir(left, { recursive: true });
    await writeFile(path.join(left, 'm1'), spaces(1024));
    const { createCoreService } = await import('../../main/core/api/service');
    core = createCoreService('cli');
    await core.api.openCase({ path: caseDir });
    expect(await stat(path.join(caseDir, 'staging')).catch(() => null)).toBeNull();
  });

  it('over the member-count limit the summary carries an issue on the member, the archive listed once', async () => {
    const d = await dir();
    const zip = path.join(d, 'many.zip');
    await writeZip(
      zip,
      Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.json`, data: variedLines(2048) })),
    );
    await open();
    const s = await ingestWith(core!, [zip], { max_members: 3 });
    expect(s.files.filter((f) => f.path === zip)).toHaveLength(1);
    const refused = s.files.filter((f) => f.skipped_reason);
    expect(refused.map((f) => f.path)).toEqual([`${zip}!/f3.json`]);
    expect(refused[0]!.skipped_reason).toMatch(/more than 3 members in one ingest \(limit\); the rest of this archive/);
    expect(s.files.some((f) => f.path.endsWith('f4.json'))).toBe(false);
    const issues = (await core!.api.caseInfo({})).issues.first.map((i) => i.reason).join('\n');
    expect(issues).toMatch(/more than 3 members/);
  });
});
