import { createHash } from 'node:crypto';
import { readdir, readFile, symlink, writeFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreService } from '../../main/core/api/service';
import { cloudTrailRecords, gz, writeTar, writeZip, writeZipWithRawName } from '../helpers/archives';
import { ingest, openTempCase } from '../helpers/core';
import { tempDir } from '../helpers/paths';

const sha = async (f: string) =>
  createHash('sha256')
    .update(await readFile(f))
    .digest('hex');

describe('ingest from archives, on disk', () => {
  let core: CoreService | undefined;
  afterEach(() => core?.close());

  it('reads .json.gz inside a zip and inside a tar.gz, hashing every member, leaving evidence untouched', async () => {
    const dir = await tempDir();
    const layout = 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/10/01';
    const zipFile = path.join(dir, 'export.zip');
    const aBytes = gz(cloudTrailRecords(5));
    await writeZip(zipFile, [
      { name: `${layout}/a.json.gz`, data: aBytes },
      { name: `${layout}/b.json`, data: cloudTrailRecords(3) },
      { name: 'README.txt', data: 'exported by the customer' },
    ]);
    const tgz = path.join(dir, 'export.tar.gz');
    await writeTar(tgz, [{ name: `${layout}/c.json.gz`, data: gz(cloudTrailRecords(7)) }], true);
    const before = [await sha(zipFile), await sha(tgz)];

    ({ core } = await openTempCase());
    const s = await ingest(core, [zipFile, tgz]);
    expect(s.loaded).toBe(15);
    expect(s.quarantined).toBe(0);
    const members = s.files.filter((f) => f.path.includes('!/'));
    expect(members.map((f) => f.path.split('!/')[1]).sort()).toEqual(
      [`${layout}/a.json.gz`, `${layout}/b.json`, `${layout}/c.json.gz`, 'README.txt'].sort(),
    );
    expect(s.files.find((f) => f.path === zipFile)).toMatchObject({ format: 'zip', sha256: before[0] });
    expect(s.files.find((f) => f.path.endsWith('README.txt'))?.skipped_reason).toMatch(/not a log format/);
    const gzMember = s.files.find((f) => f.path.endsWith('a.json.gz'));
    expect(gzMember?.sha256).toBe(createHash('sha256').update(aBytes).digest('hex'));
    expect([await sha(zipFile), await sha(tgz)]).toEqual(before);
    const staging = path.join((await core.api.caseInfo({})).path, 'staging');
    expect((await readdir(staging).catch(() => [])).length).toBe(0);
  });

  it('refuses path traversal and links, naming the member, and still loads the rest', async () => {
    const dir = await tempDir();
    const evil = path.join(dir, 'slip.zip');
    await writeZipWithRawName(evil, 'aa/aa/evil.json', '../../evil.json', cloudTrailRecords(2));
    const tarFile = path.join(dir, 'links.tar');
    await writeTar(
      tarFile,
      [
        { name: 'link.json', data: '', type: 'symlink', linkname: '/etc/passwd' },
        { name: 'good.json', data: cloudTrailRecords(4) },
      ],
      false,
    );
    ({ core } = await openTempCase());
    const s = await ingest(core, [evil, tarFile]);
    expect(s.files.find((f) => f.path.endsWith('../../evil.json'))?.skipped_reason).toMatch(/path traversal/);
    expect(s.files.find((f) => f.path.endsWith('link.json'))?.skipped_reason).toMatch(
      /link not followed.*\/etc\/passwd/,
    );
    expect(s.loaded).toBe(4);
    expect(await stat(path.join(dir, '..', 'evil.json')).catch(() => null)).toBeNull();
    const info = await core.api.caseInfo({});
    expect(info.issues.first.map((i) => i.reason).join('\n')).toMatch(/path traversal/);
  });

  it('quarantines a broken file and a record without a time, and keeps what was loaded before', async () => {
    const dir = await tempDir();
    ({ core } = await openTempCase());
    const good = path.join(dir, 'good.json');
    await writeFile(good, cloudTrailRecords(6));
    await ingest(core, [good]);

    const more = path.join(dir, 'more');
    await mkdir(more);
    await writeFile(path.join(more, 'truncated.json'), cloudTrailRecords(4).slice(0, 300));
    await writeFile(
      path.join(more, 'notime.json'),
      cloudTrailRecords(3, (i) => (i === 1 ? { eventTime: 'yesterday' } : {})),
    );
    await writeFile(path.join(more, 'truncated.json.gz'), gz(cloudTrailRecords(50)).subarray(0, 200));
    const s = await ingest(core, [more]);
    const byName = (n: string) => s.files.find((f) => f.path.endsWith(n));
    expect(byName('notime.json')).toMatchObject({ records: 3, loaded: 2, quarantined: 1 });
    expect(byName('/truncated.json')).toMatchObject({ loaded: 0, quarantined: 1 });
    expect(byName('truncated.json.gz')?.loaded).toBe(0);
    for (const f of s.files) expect(f.records).toBe(f.loaded + f.quarantined);
    const info = await core.api.caseInfo({});
    expect(info.events).toBe(6 + 2);
    const reasons = info.issues.first.map((i) => `${i.file} ${i.position} ${i.reason}`).join('\n');
    expect(reasons).toMatch(/notime\.json record 1 no valid eventTime \(yesterday\)/);
    expect(reasons).toMatch(/truncated\.json record 0 the file ends inside this record, after 300 bytes \(truncated\)/);
    expect(reasons).toMatch(/truncated\.json\.gz byte 200 the compressed data breaks off at byte 200/);
  });

  it('follows symlinks inside a folder but not out of it', async () => {
    const dir = await tempDir();
    const outside = path.join(dir, 'outside.json');
    await writeFile(outside, cloudTrailRecords(2));
    const folder = path.join(dir, 'logs');
    await mkdir(folder);
    await writeFile(path.join(folder, 'in.json'), cloudTrailRecords(3));
    await symlink(outside, path.join(folder, 'escape.json'));
    ({ core } = await openTempCase());
    const s = await ingest(core, [folder]);
    expect(s.loaded).toBe(3);
    expect(s.files.find((f) => f.path.endsWith('escape.json'))?.skipped_reason).toMatch(/points outside/);
  });

  it('fails with a clear error naming a path that does not exist, leaving the case as it was', async () => {
    ({ core } = await openTempCase());
    const { job } = await core.api.startIngest({ paths: ['/nonexistent/cloudtrail.json'] });
    const end = await core.session.jobs.wait(job);
    expect(end.state).toBe('failed');
    expect(end.error?.message).toContain('/nonexistent/cloudtrail.json');
    expect((await core.api.caseInfo({})).evidence_total).toBe(0);
  });
});
