import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

export type Container = 'zip' | 'tar' | 'tar.gz' | 'gzip' | 'plain';
export type LogFormat = 'cloudtrail_records' | 'cloudtrail_array' | 'cloudtrail_digest' | 'unknown';

const HEAD_BYTES = 64 * 1024;

/** The first bytes of a file, decompressed when it is gzip. A truncated gzip still yields what it has. */
export async function readHead(file: string, gzip: boolean, bytes = HEAD_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  const source = createReadStream(file, { start: 0, end: gzip ? 1 << 20 : bytes - 1 });
  const stream = gzip ? source.pipe(createGunzip()) : source;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      if (total >= bytes) break;
    }
  } catch {
    // a damaged stream: sniff what came through, the reader reports the damage with its position
  } finally {
    source.destroy();
  }
  return Buffer.concat(chunks).subarray(0, bytes);
}

/** Recognises a log format from the first bytes of its content. */
export function sniffFormat(head: Buffer): { format: LogFormat; reason: string } {
  let text = head.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const start = text.trimStart();
  if (start === '') return { format: 'unknown', reason: 'empty file' };
  if (start.startsWith('{')) {
    if (/"digestStartTime"\s*:/.test(text) && /"logFiles"\s*:/.test(text))
      return { format: 'cloudtrail_digest', reason: 'CloudTrail digest file (kept for integrity checks)' };
    if (/^\{\s*"Records"\s*:\s*\[/.test(start))
      return { format: 'cloudtrail_records', reason: 'CloudTrail {"Records":[...]}' };
  }
  if (
    start.startsWith('[') &&
    /"eventSource"\s*:/.test(text) &&
    /"eventName"\s*:/.test(text) &&
    /"eventTime"\s*:/.test(text)
  )
    return { format: 'cloudtrail_array', reason: 'JSON array of CloudTrail records' };
  const preview = JSON.stringify(start.slice(0, 60));
  return { format: 'unknown', reason: `not a log format Trailmark reads yet (starts with ${preview})` };
}
