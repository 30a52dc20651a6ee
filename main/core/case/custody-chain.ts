import { createHash } from 'node:crypto';

/** One line of custody.jsonl. `prev` is the SHA-256 of the previous line's text, so any edit breaks the chain. */
export interface CustodyEntry {
  seq: number;
  at: string;
  by: string;
  /** The OS account the entry was written under, when `by` names the case's investigator. */
  os_user?: string;
  action: string;
  detail: Record<string, unknown>;
  prev: string;
  /** The case's table digests when the entry was written (see digest.ts): binds the log to the database. */
  state?: string;
  /** Rewritten on open from the entry kept in case.duckdb, after a crash lost the line (see anchor.ts). */
  recovered?: true;
}

export interface CustodyItem {
  action: string;
  detail: Record<string, unknown>;
}

export const GENESIS = '0'.repeat(64);
export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The chain as read from the file: where it holds, and the first break. */
export interface ParsedChain {
  entries: number;
  head: string;
  /** Head after each line (index i: after line i + 1), for finding a report's head in the chain. */
  heads: string[];
  /** Byte offset just past each line (its newline included). */
  ends: number[];
  problem: string | null;
  /** Text after the last newline: a line cut short, or a last line with no newline. */
  tail: string;
}

/**
 * Checks each line's `prev` and `seq`. A line is hashed without its line ending, so a log whose lines end in CRLF
 * (copied through a Windows tool) is the same chain.
 */
export function parseChain(text: string): ParsedChain {
  const heads: string[] = [];
  const ends: number[] = [];
  let problem: string | null = null;
  let prev = GENESIS;
  let at = 0;
  let tail = '';
  let bytes = 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) {
      tail = text.slice(at);
      break;
    }
    const line = text.slice(at, text[nl - 1] === '\r' ? nl - 1 : nl);
    bytes += Buffer.byteLength(text.slice(at, nl + 1), 'utf8');
    at = nl + 1;
    const n = heads.length + 1;
    if (!problem) {
      let entry: CustodyEntry | null = null;
      try {
        entry = JSON.parse(line) as CustodyEntry;
      } catch {
        problem = `line ${n} is not valid JSON`;
      }
      if (entry && entry.prev !== prev)
        problem = `line ${n}: its prev hash does not match line ${n - 1} (edited, removed or reordered)`;
      else if (entry && entry.seq !== n) problem = `line ${n}: sequence number ${entry.seq} where ${n} was expected`;
    }
    prev = sha256(line);
    heads.push(prev);
    ends.push(bytes);
  }
  if (tail && !problem) problem = `line ${heads.length + 1} is cut short (no line ending): a write did not finish`;
  return { entries: heads.length, head: prev, heads, ends, problem, tail };
}

/** The lines for `items` after `head`/`seq`, and the head they lead to. */
export function chainLines(
  items: CustodyItem[],
  from: { seq: number; head: string },
  extra: { at: string; by: string; os_user?: string | undefined; state?: string | undefined; recovered?: true },
): { entries: CustodyEntry[]; text: string; head: string } {
  let { seq, head } = from;
  const entries: CustodyEntry[] = [];
  let text = '';
  items.forEach(({ action, detail }, i) => {
    const entry: CustodyEntry = { seq: ++seq, at: extra.at, by: extra.by, action, detail, prev: head };
    if (extra.os_user !== undefined) entry.os_user = extra.os_user;
    if (extra.state !== undefined && i === items.length - 1) entry.state = extra.state;
    if (extra.recovered) entry.recovered = true;
    const line = JSON.stringify(entry);
    head = sha256(line);
    entries.push(entry);
    text += line + '\n';
  });
  return { entries, text, head };
}
