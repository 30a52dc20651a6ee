import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';
import { TrailmarkError } from '../../../shared/errors';
import { badNameReason, decodeZipName, escapeName, joinMember, memberNameProblem, utf8Name } from './archive-names';
import { ExpansionBudget, LimitError, type RatioProbe } from './expansion';
import { inspectSmallFileSync, type Inspected } from './inspect';
import { InspectPool } from './inspect-pool';
import type { IngestLimits } from './limits';
import { readHead, sniffFormat, type Container, type LogFormat } from './sniff';
import { transcodeUtf16, utf16Bom } from './transcode';
import { zipEntries } from './zip-reader';

const SLICE_MS = 20;
/** Entries of a folder inspected ahead of being visited, at most: bounds the heads held in memory. */
const WINDOW = 1024;

interface Where {
  origin: string; // the file on the user's disk (a plain file, or the outermost archive)
  memberPath: string | null; // inside the archive(s), nested ones joined with "!/"
}
export interface WalkedFile extends Where {
  kind: 'file';
  readPath: string; // a file DuckDB can read: the original, or its copy in the staging folder
  gzip: boolean;
  sha256: string;
  size: number;
  format: LogFormat; // recognised from the first bytes of the content
  formatNote: string;
  /** Set when the content was re-encoded into the staging folder for reading (e.g. UTF-16 to UTF-8). */
  transcoded: string | null;
  /** The head looked like one JSON value per line (sniff.ts looksOneLine). */
  oneLine?: boolean;
  /** The file that was hashed (readPath, or the original of a transcoded copy) and its identity then. */
  hashed: { path: string; identity: string };
}
export interface WalkedArchive extends Where {
  kind: 'archive';
  container: Container;
  sha256: string;
  size: number;
  /** Why the archive could not be read to its end (damaged, refused), else null: an issue on its own row. */
  problem: string | null;
}
export interface WalkedSkip extends Where {
  kind: 'skipped';
  reason: string;
  sha256: string | null;
  size: number | null;
}
export type Walked = WalkedFile | WalkedArchive | WalkedSkip;

export interface WalkProgress {
  onBytes(n: number): void;
  onMember(where: string): void;
}

interface Staged extends Where {
  file: string;
}

/** The walk stopped reading an archive and has already said why, on the member's row. */
class ArchiveStopped extends Error {}

/**
 * Turns what the user named (files, folders, archives, archives in archives) into a flat list of files to read.
 * Archive members are copied into the case's staging folder under numbered names, so no name from inside an
 * archive ever becomes a path on disk; evidence itself is only ever opened for reading.
 */
export class EvidenceWalker {
  private staged = 0;
  private members = 0;
  private readonly budget: ExpansionBudget;
  readonly out: Walked[] = [];
  private readonly prefetched = new Map<string, Inspected | Error | Promise<Inspected | Error>>();
  private pool: InspectPool | null = null;

  constructor(
    private readonly stagingDir: string,
    private readonly limits: IngestLimits,
    private readonly signal: AbortSignal,
    private readonly progress: WalkProgress,
  ) {
    this.budget = new ExpansionBudget(limits);
  }

  async walk(inputs: string[]): Promise<Walked[]> {
    const stop = () => void this.pool?.close();
    this.signal.addEventListener('abort', stop);
    try {
      await mkdir(this.stagingDir, { recursive: true });
      const files: string[] = [];
      for (const input of inputs) {
        const st = await lstat(path.resolve(input)).catch(() => null);
        if (st?.isFile()) files.push(path.resolve(input));
      }
      await this.prefetch(files); // files named one by one (e.g. a few big ones) are hashed side by side
      for (const input of inputs) await this.walkInput(input);
      return this.out;
    } finally {
      this.signal.removeEventListener('abort', stop);
      await this.pool?.close();
    }
  }

  private async walkInput(input: string): Promise<void> {
    const abs = path.resolve(input);
    const st = await lstat(abs).catch(() => null);
    if (!st) throw new TrailmarkError('bad_input', `${abs}: no such file or folder`, { path: abs });
    if (st.isDirectory()) await this.walkFolder(abs, await realpath(abs));
    else if (st.isFile()) await this.visit(abs, { origin: abs, memberPath: null }, 0);
    else if (st.isSymbolicLink()) {
      const target = await realpath(abs).catch(() => null);
      if (!target) throw new TrailmarkError('bad_input', `${abs}: broken symbolic link`, { path: abs });
      await this.walkInput(target);
    } else throw new TrailmarkError('bad_input', `${abs}: not a regular file or folder`, { path: abs });
  }

  /** Inspects a file here if it is small (keeping the result or error for visit()); false if it is not small. */
  private inspectSmallFile(file: string, onBytes: (n: number) => void): boolean {
    try {
      const got = inspectSmallFileSync(file, onBytes);
      if (got) this.prefetched.set(file, got);
      return got !== null;
    } catch (err) {
      this.prefetched.set(file, err as Error);
      return true;
    }
  }

  private get workers(): InspectPool {
    this.pool ??= new InspectPool();
    return this.pool;
  }

  /** Inspects files in worker threads; each file's result (or error) is kept for visit(), which waits for it. */
  private inspectInPool(files: string[], onBytes = this.progress.onBytes): void {
    const all = this.workers.inspect(files, onBytes).catch((err: unknown) => files.map(() => err as Error));
    files.forEach((f, i) =>
      this.prefetched.set(
        f,
        all.then((rs) => rs[i]!),
      ),
    );
  }

  /**
   * Starts inspecting files ahead of visiting them. Small ones here, in slices of about 20 ms between which
   * progress and cancel get through: for thousands of small files a worker round trip costs more than the work
   * (on 2 cores, handing CloudTrail's S3 layout to workers took as long). Big ones in worker threads, side by
   * side, as each hash takes seconds; visit() waits for them.
   */
  private async prefetch(files: string[]): Promise<void> {
    this.checkAbort();
    const big: string[] = [];
    let slice = performance.now();
    for (const f of files) {
      if (performance.now() - slice > SLICE_MS) {
        await new Promise((r) => setImmediate(r));
        this.checkAbort();
        slice = performance.now();
      }
      if (!this.inspectSmallFile(f, this.progress.onBytes)) big.push(f);
    }
    for (const f of big) this.inspectInPool([f]);
  }

  private checkAbort(): void {
    if (this.signal.aborted) throw new TrailmarkError('cancelled', 'ingest cancelled');
  }

  private async walkFolder(dir: string, root: string): Promise<void> {
    // Names are read as bytes: one that is not valid UTF-8 cannot be named to DuckDB (nor, decoded, to the file
    // system), so it is that entry's issue, under an escaped form of its name, and the rest of the folder goes on.
    const raw = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    const all: { name: string; isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }[] = [];
    for (const e of raw) {
      const name = e.name as unknown as Buffer; // readdir's Dirent<Buffer> is typed with a string name
      const text = utf8Name(name);
      if (text !== null) all.push(Object.assign(e, { name: text }));
      else this.skip({ origin: path.join(dir, escapeName(name)), memberPath: null }, badNameReason(e));
    }
    all.sort((a, b) => a.name.localeCompare(b.name));
    // Files are inspected ahead, a window at a time, then visited in order so the evidence list stays deterministic.
    for (let w = 0; w < all.length; w += WINDOW) {
      const entries = all.slice(w, w + WINDOW);
      await this.prefetch(entries.filter((e) => e.isFile()).map((e) => path.join(dir, e.name)));
      for (const e of entries) {
        this.checkAbort();
        const p = path.join(dir, e.name);
        if (e.isDirectory()) await this.walkFolder(p, root);
        else if (e.isFile()) await this.visit(p, { origin: p, memberPath: null }, 0);
        else if (e.isSymbolicLink()) {
          const target = await realpath(p).catch(() => null);
          const inside = target !== null && (target === root || target.startsWith(root + path.sep));
          const st = target ? await lstat(target).catch(() => null) : null;
          if (inside && st?.isFile()) await this.visit(target, { origin: p, memberPath: null }, 0);
          else
            this.skip(
              { origin: p, memberPath: null },
              `symbolic link not followed (${target ? 'points outside the folder' : 'broken'})`,
            );
        }
      }
    }
  }

  private skip(where: Where, reason: string, sha256: string | null = null, size: number | null = null): void {
    this.out.push({ kind: 'skipped', ...where, reason, sha256, size });
  }

  /** A file on disk (given, or staged from an archive): an archive to open, or a file to read. */
  private async visit(file: string, where: Where, depth: number) {
    this.checkAbort();
    this.progress.onMember(where.memberPath ?? where.origin);
    // Members of archives count towards progress as the archive itself is read.
    const fromArchive = where.memberPath !== null;
    const onBytes = fromArchive ? () => {} : this.progress.onBytes;
    if (!this.prefetched.has(file) && !this.inspectSmallFile(file, onBytes)) this.inspectInPool([file], onBytes);
    const got = await this.prefetched.get(file)!;
    this.prefetched.delete(file);
    this.checkAbort(); // a cancel closes the pool, which fails what it was inspecting
    if (got instanceof Error) throw got;
    const { container, head, identity, ...hash } = got;
    const hashed = { path: file, identity };
    const isArchive = container === 'zip' || container === 'tar' || container === 'tar.gz';
    if (!isArchive) {
      if (hash.size === 0) return this.skip(where, 'empty file (0 bytes)', hash.sha256, 0);
      const encoding = utf16Bom(head);
      if (encoding) return this.visitUtf16(file, where, container === 'gzip', encoding, hash, hashed);
      if (container === 'gzip') {
        try {
          await this.budget.admitGzip(file, hash.size, where.memberPath ?? where.origin, this.signal);
        } catch (err) {
          if (!(err instanceof LimitError)) throw err;
          return this.skip(where, `refused: ${err.message}`, hash.sha256, hash.size);
        }
      }
      const { format, reason, oneLine } = sniffFormat(head, file);
      this.out.push({
        kind: 'file',
        ...where,
        readPath: file,
        gzip: container === 'gzip',
        format,
        formatNote: reason,
        transcoded: null,
        oneLine,
        hashed,
        ...hash,
      });
      return;
    }
    if (depth >= this.limits.maxDepth) {
      this.skip(where, `archive nested more than ${this.limits.maxDepth} levels deep`, hash.sha256, hash.size);
      return;
    }
    const archive: WalkedArchive = { kind: 'archive', ...where, container, ...hash, problem: null };
    this.out.push(archive);
    const staged: Staged[] = [];
    try {
      if (container === 'zip') await this.stageZip(file, where, staged);
      else await this.stageTar(file, where, container === 'tar.gz', staged);
    } catch (err) {
      if (err instanceof TrailmarkError && err.kind === 'cancelled') throw err;
      if (this.signal.aborted) throw new TrailmarkError('cancelled', 'ingest cancelled');
      if (!(err instanceof ArchiveStopped)) {
        const after = staged.length ? ` after member ${staged[staged.length - 1]?.memberPath}` : '';
        archive.problem = `archive damaged or refused${after}: ${(err as Error).message}`;
      }
    }
    for (const s of staged) await this.visit(s.file, s, depth + 1);
  }

  /** UTF-16 (by its BOM): re-encoded into the staging folder as UTF-8, then sniffed and read from there. */
  private async visitUtf16(
    file: string,
    where: Where,
    gzip: boolean,
    encoding: 'utf-16le' | 'utf-16be',
    hash: { sha256: string; size: number },
    hashed: WalkedFile['hashed'],
  ): Promise<void> {
    const dest = path.join(this.stagingDir, `t${++this.staged}`);
    const max = Math.max(0, Math.min(this.limits.maxMemberBytes, this.limits.maxTotalBytes - this.budget.total));
    try {
      const { bytes, note } = await transcodeUtf16(file, gzip, encoding, dest, max, this.signal);
      this.budget.total += bytes;
      const { format, reason, oneLine } = sniffFormat(await readHead(dest, false));
      this.out.push({
        kind: 'file',
        ...where,
        readPath: dest,
        gzip: false,
        format,
        formatNote: reason,
        transcoded: note,
        oneLine,
        hashed,
        ...hash,
      });
    } catch (err) {
      await rm(dest, { force: true });
      if (this.signal.aborted) throw new TrailmarkError('cancelled', 'ingest cancelled');
      this.skip(
        where,
        `${encoding.toUpperCase()} file could not be transcoded: ${(err as Error).message}`,
        hash.sha256,
        hash.size,
      );
    }
  }

  private admit(where: Where, name: string, declaredSize: number | null, compressedSize: number | null): Where | null {
    const member: Where = { origin: where.origin, memberPath: joinMember(where.memberPath, name) };
    if (++this.members > this.limits.maxMembers) {
      this.skip(
        member,
        `refused: more than ${this.limits.maxMembers} members in one ingest (limit); the rest of this archive was not read`,
      );
      throw new ArchiveStopped();
    }
    const problem = memberNameProblem(name);
    if (problem) {
      this.skip(member, `refused: ${problem}`);
      return null;
    }
    const { maxMemberBytes, maxRatio, ratioFloorBytes } = this.limits;
    if (declaredSize !== null && declaredSize > maxMemberBytes) {
      this.skip(member, `refused: would expand to ${declaredSize} bytes (limit ${maxMemberBytes})`);
      return null;
    }
    // What headers declare refuses early; what is written is counted as it is (stage), so a liar gains nothing.
    if (
      declaredSize !== null &&
      compressedSize &&
      declaredSize >= ratioFloorBytes &&
      declaredSize / compressedSize > maxRatio
    ) {
      this.skip(
        member,
        `refused: compression ratio ${Math.round(declaredSize / compressedSize)}:1 looks like a bomb (limit ${maxRatio}:1)`,
      );
      return null;
    }
    return member;
  }

  /**
   * Copies one member into the staging folder, hashing it and holding it to the limits on the bytes as they are
   * written (see ExpansionBudget). A refused member's partial file is removed at once.
   */
  private async stage(
    member: Where,
    source: Readable,
    staged: Staged[],
    declaredSize: number,
    ratio: (written: number) => ReturnType<RatioProbe>,
  ): Promise<void> {
    const file = path.join(this.stagingDir, `m${++this.staged}`);
    await this.budget.roomFor(declaredSize, this.signal);
    const meter = this.budget.meter(member.memberPath ?? member.origin, () => ratio(meter.bytes));
    try {
      await pipeline(source, meter, createWriteStream(file, { flags: 'wx' }), { signal: this.signal });
    } catch (err) {
      await rm(file, { force: true });
      meter.release();
      throw err;
    }
    staged.push({ ...member, file });
  }

  private async stageZip(file: string, where: Where, staged: Staged[]): Promise<void> {
    for await (const entry of zipEntries(file)) {
      this.checkAbort();
      const name = decodeZipName(entry.rawName, entry.utf8);
      if (entry.isDirectory) continue;
      const member = this.admit(where, name, entry.uncompressedSize, entry.compressedSize);
      if (!member) continue;
      if (entry.isSymlink) this.skip(member, 'symbolic link not followed');
      else if (entry.encrypted) this.skip(member, 'encrypted member (no password support)');
      else {
        // A zip has a central directory: one damaged or lying member (wrong sizes, bad deflate data, over a
        // limit) is refused on its own and the walk goes on with the next one.
        try {
          const compressed = entry.compressedSize;
          await this.stage(member, await entry.open(), staged, entry.uncompressedSize, (written) => ({
            written,
            compressed,
          }));
        } catch (err) {
          if (this.signal.aborted) throw new TrailmarkError('cancelled', 'ingest cancelled');
          this.skip(member, `refused: ${(err as Error).message}`);
        }
      }
    }
  }

  private async stageTar(file: string, where: Where, gzip: boolean, staged: Staged[]) {
    const extract = tar.extract();
    const source = createReadStream(file);
    let compressedRead = 0;
    let written = 0; // by the members staged before the one being read
    source.on('data', (c) => (compressedRead += (c as Buffer).length));
    const feed = pipeline(source, gzip ? createGunzip() : new PassThrough(), extract, { signal: this.signal });
    let feedError: unknown = null;
    feed.catch((err: unknown) => (feedError = err));
    for await (const entry of extract) {
      this.checkAbort();
      const h = entry.header;
      const name = h.name.replace(/^\.\//, '');
      if (h.type === 'directory') {
        entry.resume();
        continue;
      }
      const member = this.admit(where, name, h.size, null);
      if (!member) entry.resume();
      else if (h.type === 'symlink' || h.type === 'link') {
        this.skip(member, `${h.type === 'link' ? 'hard' : 'symbolic'} link not followed (points to ${h.linkname})`);
        entry.resume();
      } else if (h.type !== 'file' && h.type !== 'contiguous-file') {
        this.skip(member, `not a regular file (${h.type})`);
        entry.resume();
      } else {
        // A tar.gz is one deflate stream: its ratio is the archive's, bytes written against compressed bytes read.
        const ratio = (bytes: number) => ({ written: gzip ? written + bytes : 0, compressed: compressedRead });
        try {
          await this.stage(member, Readable.from(entry), staged, h.size, ratio);
        } catch (err) {
          if (!(err instanceof LimitError) || this.signal.aborted) throw err;
          // The stream can't skip a member without inflating it: the archive stops here, the member says why.
          this.skip(member, `refused: ${err.message}; the rest of this archive was not read`);
          throw new ArchiveStopped();
        }
        written += h.size;
      }
    }
    await feed.catch(() => undefined);
    if (feedError) throw feedError;
  }
}
