import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import type { IngestLimitOptions, IngestSummary } from '../../shared/model';
import { cloudTrailRecords, gz, writeTar, writeZip, writeZipWithRawName } from '../helpers/archives';
import { openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

/** Every regular file under a folder (links not followed) with its SHA-256: proof that evidence is untouched. */
async function fingerprint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const p = path.join(e.parentPath, e.name);
    out[p] = createHash('sha256')
      .update(await readFile(p))
      .digest('hex');
  }
  return out;
}

async function ingestWith(core: CoreService, paths: string[], limits: IngestLimitOptions = {}): Promise<IngestSummary> {
  const { job } = await core.api.startIngest({ paths, limits });
  const end = await core.session.jobs.wait(job);
  if (end.state !== 'done' || end.kind !== 'ingest' || !end.result)
    throw new Error(`ingest ${end.state}: ${end.error?.message}`);
  return end.result;
}

const utf16be = (text: string) => {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
};

describe('broken input: each problem is reported, the rest is loaded, evidence is untouched', () => {
  let core: CoreService | undefined;
  afterEach(() => core?.close());

  it('reads and reconciles a corpus of broken files, one issue per problem', async () => {
    const dir = path.join(await tempDir(), 'evidence');
    const f = (name: string) => path.join(dir, name);
    await mkdir(f('logs'), { recursive: true });
    await writeFile(f('logs/good-1.json'), cloudTrailRecords(5));
    await writeFile(f('logs/good-2.json'), cloudTrailRecords(4));
    await writeFile(
      f('logs/bad-json.json'),
      cloudTrailRecords(3).replace('"eventName":"GetObject"', '"eventName":Get'),
    );
    await writeFile(f('logs/good-3.json.gz'), gz(cloudTrailRecords(6)));
    await writeFile(f('logs/truncated.json.gz'), gz(cloudTrailRecords(400)).subarray(0, 900));
    await writeFile(
      f('logs/no-time.json'),
      cloudTrailRecords(3, (i) => (i === 2 ? { eventTime: undefined } : {})),
    );
    await writeFile(f('logs/empty.json'), '');
    await writeFile(
      f('logs/utf16le.json'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(cloudTrailRecords(2), 'utf16le')]),
    );
    await writeFile(f('logs/utf16be.json'), Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(cloudTrailRecords(3))]));
    await writeFile(
      f('logs/utf16le.json.gz'),
      gzipSync(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(cloudTrailRecords(2), 'utf16le')])),
    );
    await writeFile(
      f('logs/utf8-bom.json'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(cloudTrailRecords(2))]),
    );
    const latin = Buffer.from(
      cloudTrailRecords(2, () => ({ userAgent: 'caf\u00e9' })),
      'latin1',
    ); // é as one byte 0xE9
    await writeFile(f('logs/latin1.json'), latin);
    await writeZipWithRawName(f('slip.zip'), 'aa/aa/evil.json', '../../evil.json', cloudTrailRecords(2));
    await writeTar(
      f('links.tar'),
      [
        { name: 'escape.json', data: '', type: 'symlink', linkname: '../../../etc/passwd' },
        { name: 'inside.json', data: cloudTrailRecords(2) },
      ],
      false,
    );
    await symlink('/etc/hostname', f('logs/outside-link.json'));
    const before = await fingerprint(dir);

    ({ core } = await openTempCase());
    const s = await ingestWith(core, [dir]);
    const file = (suffix: string) => {
      const hit = s.files.find((x) => x.path.endsWith(suffix));
      if (!hit) throw new Error(`no ${suffix} in ${s.files.map((x) => x.path).join(', ')}`);
      return hit;
    };

    // the good files load in full, next to the bad one in the same batch
    expect(file('good-1.json')).toMatchObject({ records: 5, loaded: 5, quarantined: 0 });
    expect(file('good-2.json')).toMatchObject({ records: 4, loaded: 4, quarantined: 0 });
    expect(file('good-3.json.gz')).toMatchObject({ records: 6, loaded: 6 });
    // one bad record costs only itself; a truncated gzip loads the records before the break
    expect(file('bad-json.json')).toMatchObject({ records: 3, loaded: 2, quarantined: 1 });
    expect(file('truncated.json.gz')).toMatchObject({ records: 90, loaded: 89, quarantined: 1 });
    expect(file('no-time.json')).toMatchObject({ records: 3, loaded: 2, quarantined: 1 });
    expect(file('utf16le.json')).toMatchObject({ format: 'cloudtrail_records', records: 2, loaded: 2 });
    expect(file('utf16be.json')).toMatchObject({ format: 'cloudtrail_records', records: 3, loaded: 3 });
    expect(file('utf16le.json.gz')).toMatchObject({ records: 2, loaded: 2 });
    expect(file('utf8-bom.json')).toMatchObject({ records: 2, loaded: 2 });
    expect(file('latin1.json')).toMatchObject({ records: 2, loaded: 0, quarantined: 2 });
    expect(file('empty.json').skipped_reason).toMatch(/empty file/);
    expect(file('../../evil.json').skipped_reason).toMatch(/path traversal/);
    expect(file('escape.json').skipped_reason).toMatch(/link not followed.*etc\/passwd/);
    expect(file('inside.json')).toMatchObject({ loaded: 2 });
    expect(file('outside-link.json').skipped_reason).toMatch(/points outside/);
    for (const x of s.files) expect(x.records, x.path).toBe(x.loaded + x.quarantined);
    // evidence hashes are of the original bytes, not of the UTF-8 copy read
    expect(file('utf16le.json').sha256).toBe(before[f('logs/utf16le.json')]);

    const info = await core.api.caseInfo({});
    expect(info.events).toBe(5 + 4 + 6 + 2 + 2 + 3 + 2 + 2 + 2 + 2 + 89);
    const issues = info.issues.first.map((i) => `${i.file.replace(dir + '/', '')} @ ${i.position ?? '-'}: ${i.reason}`);
    const issue = (re: RegExp) =>
      expect(
        issues.filter((i) => re.test(i)),
        issues.join('\n'),
      ).toHaveLength(1);
    issue(/^logs\/bad-json\.json @ record 0: not valid JSON/);
    issue(/^logs\/truncated\.json\.gz @ byte \d+: the compressed data breaks off at byte \d+/);
    issue(/^logs\/no-time\.json @ record 2: no valid eventTime \(missing\)/);
    issue(/^logs\/latin1\.json @ record 0: not valid UTF-8/);
    issue(/^logs\/latin1\.json @ record 1: not valid UTF-8/);
    issue(/^logs\/utf16le\.json @ -: transcoded from UTF-16LE to UTF-8/);
    issue(/^logs\/utf16be\.json @ -: transcoded from UTF-16BE to UTF-8/);
    issue(/^logs\/empty\.json @ -: empty file/);
    issue(/^slip\.zip!\/\.\.\/\.\.\/evil\.json @ -: refused: path traversal/);
    issue(/^links\.tar!\/escape\.json @ -: .*link not followed/);
    expect(await stat(path.join(dir, '..', '..', 'evil.json')).catch(() => null)).toBeNull();

    expect(await fingerprint(dir)).toEqual(before);
    expect(await readdir(path.join(info.path, 'staging')).catch(() => [])).toEqual([]);
  });

  it('refuses a zip bomb, a member over the size limit and archives nested too deep, naming each member', async () => {
    const dir = path.join(await tempDir(), 'evidence');
    await mkdir(dir);
    const zeros = Buffer.alloc(8 * 2 ** 20, 0x20); // 8 MiB of spaces: deflates about 1000:1
    await writeZip(path.join(dir, 'bomb.zip'), [
      { name: 'AWSLogs/bomb.json', data: zeros },
      { name: 'AWSLogs/fine.json', data: cloudTrailRecords(3) },
    ]);
    await writeTar(path.join(dir, 'bomb.tar.gz'), [{ name: 'inner/bomb.json', data: zeros }], true);
    await writeZip(path.join(dir, 'big.zip'), [{ name: 'big.json', data: cloudTrailRecords(3000) }]);
    const level3 = path.join(dir, 'l3.zip');
    await writeZip(level3, [{ name: 'deep.json', data: cloudTrailRecords(2) }]);
    await writeZip(path.join(dir, 'l2.zip'), [{ name: 'l3.zip', data: await readFile(level3) }]);
    await writeZip(path.join(dir, 'nested.zip'), [
      { name: 'l2.zip', data: await readFile(path.join(dir, 'l2.zip')) },
      { name: 'top.json', data: cloudTrailRecords(1) },
    ]);
    const before = await fingerprint(dir);

    ({ core } = await openTempCase());
    const at = (n: string) => path.join(dir, n);
    const s = await ingestWith(core, [at('bomb.zip'), at('bomb.tar.gz'), at('nested.zip')], {
      max_ratio: 50,
      ratio_floor_bytes: 2 ** 20,
      max_depth: 1,
    });
    const file = (suffix: string) => s.files.find((x) => x.path.endsWith(suffix) && x.format !== 'tar.gz');
    expect(file('bomb.zip!/AWSLogs/bomb.json')?.skipped_reason).toMatch(
      /^refused: compression ratio \d+:1 looks like a bomb \(limit 50:1\)/,
    );
    expect(file('bomb.zip!/AWSLogs/fine.json')).toMatchObject({ loaded: 3 });
    expect(file('bomb.tar.gz!/inner/bomb.json')?.skipped_reason).toMatch(
      /^refused: compression ratio \d+:1 looks like a bomb \(limit 50:1.*the rest of this archive was not read$/,
    );
    expect(s.files.filter((x) => x.path.endsWith('bomb.tar.gz'))).toHaveLength(1); // listed once
    expect(file('nested.zip!/top.json')).toMatchObject({ loaded: 1 });
    expect(file('nested.zip!/l2.zip')?.skipped_reason).toMatch(/nested more than 1 levels/);
    expect(s.files.some((x) => x.path.includes('deep.json'))).toBe(false);
    const reasons = (await core.api.caseInfo({})).issues.first.map((i) => `${i.file}: ${i.reason}`).join('\n');
    expect(reasons).toMatch(/bomb\.zip!\/AWSLogs\/bomb\.json: refused: compression ratio/);
    expect(reasons).toMatch(/nested\.zip!\/l2\.zip: archive nested/);
    expect(s.loaded).toBe(4);

    const big = await ingestWith(core, [at('big.zip')], { max_member_bytes: 512 * 1024 });
    expect(big.files.find((x) => x.path.endsWith('big.zip!/big.json'))?.skipped_reason).toMatch(
      /^refused: would expand to \d+ bytes \(limit 524288\)/,
    );
    expect(big.loaded).toBe(0);
    expect(await fingerprint(dir)).toEqual(before);

    // the same bomb with the ratio limit raised by the user is read (it is only spaces: no records)
    core.close();
    ({ core } = await openTempCase());
    const relaxed = await ingestWith(core, [path.join(dir, 'bomb.zip')], { max_ratio: 5000 });
    expect(relaxed.files.find((x) => x.path.endsWith('bomb.json'))?.skipped_reason ?? '').not.toMatch(/refused/);
  });
  it('refuses a zip member that lies about its size and still reads the members after it', async () => {
    const dir = path.join(await tempDir(), 'evidence');
    const zip = path.join(dir, 'liar.zip');
    await writeZip(zip, [
      { name: 'a-liar.json', data: cloudTrailRecords(40) },
      { name: 'b-honest.json', data: cloudTrailRecords(3) },
    ]);
    // the central directory (what readers trust) says the first member is 100 bytes once inflated
    const buf = await readFile(zip);
    const central = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    buf.writeUInt32LE(100, central + 24);
    await writeFile(zip, buf);
    const before = await fingerprint(dir);

    ({ core } = await openTempCase());
    const s = await ingestWith(core, [zip]);
    expect(s.files.find((x) => x.path.endsWith('!/a-liar.json'))?.skipped_reason).toMatch(/^refused: .*bytes/);
    expect(s.files.find((x) => x.path.endsWith('!/b-honest.json'))).toMatchObject({ loaded: 3 });
    const issues = (await core.api.caseInfo({})).issues.first.map((i) => `${i.file}: ${i.reason}`);
    expect(issues.join('\n')).toMatch(/liar\.zip!\/a-liar\.json: refused/);
    expect(await fingerprint(dir)).toEqual(before);
  });
});
