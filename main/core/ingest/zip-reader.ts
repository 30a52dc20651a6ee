import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

export interface ZipEntryInfo {
  rawName: Buffer | string;
  utf8: boolean;
  compressedSize: number;
  uncompressedSize: number;
  encrypted: boolean;
  isSymlink: boolean;
  isDirectory: boolean;
  open(): Promise<Readable>;
}

/**
 * A zip's entries, names undecoded so a bad name refuses one member, not the archive. The central directory is read
 * whole first (it holds no member data) and refused if two entries' bytes overlap: no honest writer shares bytes,
 * and sharing one compressed kernel between many entries is how a 64 KB zip expands to gigabytes.
 */
export async function* zipEntries(file: string): AsyncGenerator<ZipEntryInfo> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(
      file,
      { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false },
      (err, z) => (err ? reject(err) : resolve(z)),
    ),
  );
  try {
    const entries: yauzl.Entry[] = [];
    for (let e = await nextEntry(zip); e; e = await nextEntry(zip)) entries.push(e);
    await refuseOverlaps(file, entries);
    for (const entry of entries) {
      const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
      const rawName = entry.fileName as unknown as Buffer | string;
      const nameText = typeof rawName === 'string' ? rawName : rawName.toString('latin1');
      yield {
        rawName,
        utf8: (entry.generalPurposeBitFlag & 0x800) !== 0,
        compressedSize: entry.compressedSize,
        uncompressedSize: entry.uncompressedSize,
        encrypted: entry.isEncrypted(),
        isSymlink: mode === 0o120000,
        isDirectory: nameText.endsWith('/'),
        open: () =>
          new Promise<Readable>((resolve, reject) =>
            zip.openReadStream(entry, (err, stream) => (err ? reject(err) : resolve(stream))),
          ),
      };
    }
  } finally {
    zip.close();
  }
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise<yauzl.Entry | null>((resolve, reject) => {
    const onEntry = (e: yauzl.Entry) => done(() => resolve(e));
    const onEnd = () => done(() => resolve(null));
    const onError = (e: Error) => done(() => reject(e));
    const done = (f: () => void) => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      f();
    };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

const LOCAL_HEADER = 30;

/**
 * Each entry spans its local header, name, extra field and compressed data (the lengths of the first two as the
 * local header gives them, which is what a reader follows). Throws naming two entries whose spans overlap.
 */
async function refuseOverlaps(file: string, entries: yauzl.Entry[]): Promise<void> {
  const fd = await open(file, 'r');
  try {
    const header = Buffer.alloc(LOCAL_HEADER);
    const spans: { start: number; end: number; entry: yauzl.Entry }[] = [];
    for (const entry of entries) {
      const start = entry.relativeOffsetOfLocalHeader;
      const { bytesRead } = await fd.read(header, 0, LOCAL_HEADER, start);
      // A header that isn't there is damage the member's own read reports; its span is at least the fixed header.
      const names = bytesRead === LOCAL_HEADER ? header.readUInt16LE(26) + header.readUInt16LE(28) : 0;
      spans.push({ start, end: start + LOCAL_HEADER + names + entry.compressedSize, entry });
    }
    spans.sort((a, b) => a.start - b.start);
    for (let i = 1; i < spans.length; i++) {
      const [a, b] = [spans[i - 1]!, spans[i]!];
      if (b.start < a.end)
        throw new Error(
          `entries "${nameOf(a.entry)}" and "${nameOf(b.entry)}" share bytes (overlapping entries, as in a zip bomb): refused`,
        );
    }
  } finally {
    await fd.close();
  }
}

const nameOf = (e: yauzl.Entry) => {
  const raw = e.fileName as unknown as Buffer | string;
  return (typeof raw === 'string' ? raw : raw.toString('latin1')).slice(0, 200);
};
