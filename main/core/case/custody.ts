import { createHash } from 'node:crypto';
import { appendFile, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import type { CustodyStatus } from '../../../shared/model';

/** One line of custody.jsonl. `prev` is the SHA-256 of the previous line's text, so any edit breaks the chain. */
export interface CustodyEntry {
  seq: number;
  at: string;
  by: string;
  action: string;
  detail: Record<string, unknown>;
  prev: string;
}

const GENESIS = '0'.repeat(64);
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export function currentUser(): string {
  try {
    return `${os.userInfo().username}@${os.hostname()}`;
  } catch {
    return `unknown@${os.hostname()}`;
  }
}

/** The append-only, hash-chained log of everything done to a case. */
export class CustodyLog {
  private head: string = GENESIS;
  private seq = 0;
  private status: CustodyStatus = { ok: true, entries: 0, head: null, problem: null };

  constructor(readonly file: string) {}

  /** Reads and checks the whole chain; the case stays usable, but a break is reported loudly. */
  async verify(): Promise<CustodyStatus> {
    let text = '';
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    let prev = GENESIS;
    let problem: string | null = null;
    lines.forEach((line, i) => {
      if (problem) return;
      let entry: CustodyEntry;
      try {
        entry = JSON.parse(line) as CustodyEntry;
      } catch {
        problem = `line ${i + 1} is not valid JSON`;
        return;
      }
      if (entry.prev !== prev)
        problem = `line ${i + 1}: its prev hash does not match line ${i} (edited, removed or reordered)`;
      else if (entry.seq !== i + 1) problem = `line ${i + 1}: sequence number ${entry.seq} where ${i + 1} was expected`;
      prev = sha256(line);
    });
    this.head = prev;
    this.seq = lines.length;
    this.status = { ok: problem === null, entries: lines.length, head: lines.length ? prev : null, problem };
    return this.status;
  }

  get lastStatus(): CustodyStatus {
    return this.status;
  }

  async append(action: string, detail: Record<string, unknown> = {}): Promise<CustodyEntry> {
    const [entry] = await this.appendAll([{ action, detail }]);
    return entry!;
  }

  /** Appends several entries with one write (an ingest of thousands of files logs each one). */
  async appendAll(items: { action: string; detail: Record<string, unknown> }[]): Promise<CustodyEntry[]> {
    const at = new Date().toISOString();
    const by = currentUser();
    let { seq, head } = this;
    const entries: CustodyEntry[] = [];
    const lines: string[] = [];
    for (const { action, detail } of items) {
      const entry: CustodyEntry = { seq: ++seq, at, by, action, detail, prev: head };
      const line = JSON.stringify(entry);
      head = sha256(line);
      entries.push(entry);
      lines.push(line + '\n');
    }
    await appendFile(this.file, lines.join(''), { encoding: 'utf8', flag: 'a' });
    this.seq = seq;
    this.head = head;
    this.status = { ...this.status, entries: seq, head };
    return entries;
  }

  async exists(): Promise<boolean> {
    return stat(this.file).then(
      () => true,
      () => false,
    );
  }
}
