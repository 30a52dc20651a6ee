import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { gzipSync, createGzip } from 'node:zlib';
import * as tar from 'tar-stream';
import yazl from 'yazl';

export interface Member {
  name: string;
  data: Buffer | string;
  type?: 'file' | 'symlink';
  linkname?: string;
}

/** A real zip on disk, written with yazl. */
export async function writeZip(file: string, members: Member[]): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const m of members) zip.addBuffer(Buffer.from(m.data), m.name);
  zip.end();
  await mkdir(path.dirname(file), { recursive: true });
  await pipeline(zip.outputStream, createWriteStream(file));
}

/** A real tar(.gz) on disk, written with tar-stream. */
export async function writeTar(file: string, members: Member[], gzip: boolean): Promise<void> {
  const pack = tar.pack();
  for (const m of members) {
    if (m.type === 'symlink') pack.entry({ name: m.name, type: 'symlink', linkname: m.linkname ?? '/etc/passwd' });
    else pack.entry({ name: m.name }, Buffer.from(m.data));
  }
  pack.finalize();
  await mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  if (gzip) await pipeline(pack, createGzip(), out);
  else await pipeline(pack, out);
}

/** A zip whose member name is rewritten after the fact, since zip writers refuse traversal names. */
export async function writeZipWithRawName(
  file: string,
  safeName: string,
  evilName: string,
  data: string,
): Promise<void> {
  if (safeName.length !== evilName.length) throw new Error('names must have the same length');
  await writeZip(file, [{ name: safeName, data }]);
  const { readFile } = await import('node:fs/promises');
  const buf = await readFile(file);
  const from = Buffer.from(safeName);
  let at = buf.indexOf(from);
  while (at !== -1) {
    Buffer.from(evilName).copy(buf, at);
    at = buf.indexOf(from, at + 1);
  }
  await writeFile(file, buf);
}

let counter = 0;
/** A small CloudTrail {"Records":[...]} document; records can be tweaked per test. */
export function cloudTrailRecords(n: number, overrides: (i: number) => Record<string, unknown> = () => ({})): string {
  const records = Array.from({ length: n }, (_, i) => ({
    eventVersion: '1.09',
    eventTime: new Date(Date.UTC(2026, 9, 1, 10, 0, i)).toISOString().replace('.000Z', 'Z'),
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: 'us-east-1',
    sourceIPAddress: '10.0.0.1',
    userAgent: 'aws-sdk-go/1.44',
    eventID: `evt-${++counter}`,
    recipientAccountId: '111122223333',
    userIdentity: {
      type: 'IAMUser',
      arn: 'arn:aws:iam::111122223333:user/svc-test',
      accountId: '111122223333',
      accessKeyId: 'AKIAEXAMPLE0000001',
      userName: 'svc-test',
    },
    ...overrides(i),
  }));
  return JSON.stringify({ Records: records });
}

export const gz = (text: string) => gzipSync(Buffer.from(text));
