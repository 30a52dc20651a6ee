import yauzl from 'yauzl';
import type { Readable } from 'node:stream';

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

/** Iterates a zip's entries one at a time (lazy), names undecoded so a bad name refuses one member, not the archive. */
export async function* zipEntries(file: string): AsyncGenerator<ZipEntryInfo> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(
      file,
      { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false },
      (err, z) => (err ? reject(err) : resolve(z)),
    ),
  );
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
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
      if (!entry) return;
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
