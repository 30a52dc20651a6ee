// The recent cases list (File → Open recent), kept in userData/recent-cases.json, most recent first.
import path from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from './json-file';

const RecentFile = z.object({ cases: z.array(z.string().min(1)).max(100) });

export const MAX_RECENT = 10;

export class RecentCases {
  private cases: string[];

  constructor(private readonly file: string) {
    this.cases = readJsonFile(file, RecentFile, { cases: [] }).cases.slice(0, MAX_RECENT);
  }

  list(): readonly string[] {
    return this.cases;
  }

  /** Moves `casePath` to the top (absolute, without a trailing separator; the same folder only once). */
  add(casePath: string): void {
    const p = normalise(casePath);
    this.cases = [p, ...this.cases.filter((c) => !samePath(c, p))].slice(0, MAX_RECENT);
    this.save();
  }

  remove(casePath: string): void {
    const p = normalise(casePath);
    this.cases = this.cases.filter((c) => !samePath(c, p));
    this.save();
  }

  clear(): void {
    this.cases = [];
    this.save();
  }

  private save(): void {
    writeJsonFile(this.file, { cases: this.cases });
  }
}

function normalise(p: string): string {
  const resolved = path.resolve(p);
  return resolved.length > 1 ? resolved.replace(/[\\/]+$/, '') : resolved;
}

// Windows and macOS file systems are case-insensitive by default.
function samePath(a: string, b: string): boolean {
  return process.platform === 'linux' ? a === b : a.toLowerCase() === b.toLowerCase();
}
