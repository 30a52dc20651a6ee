import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO } from '../helpers/paths';

/** poppler-utils and the built `trailmark` command, as the report tests use them. */
export const poppler = (tool: string, ...args: string[]) => execFileSync(tool, args, { encoding: 'utf8' });

/** The document's text with runs of white space made one space, so wrapped lines and table cells read as prose. */
export function pdfText(file: string): string {
  return poppler('pdftotext', file, '-').replace(/\s+/g, ' ');
}

export function pageCount(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', file))?.[1]);
}

/** pdfsig exits 0 whatever it finds: the verdict is in its text. */
export function pdfsig(file: string): string {
  const r = spawnSync('pdfsig', [file], { encoding: 'utf8' });
  return r.stdout + r.stderr;
}

export function trailmark(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin/trailmark.mjs'), ...args], {
    encoding: 'utf8',
    cwd: REPO,
    env: { ...process.env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The ByteRange of the (last) signature, and where its DER ends inside /Contents. */
export function signatureLayout(pdf: Buffer): { range: number[]; derStart: number; derLength: number } {
  const text = pdf.toString('latin1');
  const m = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/g)].pop()!;
  const range = m.slice(1, 5).map(Number);
  const derStart = range[1]! + 1; // just after '<'
  const der = Buffer.from(text.slice(derStart, derStart + 8), 'hex');
  return { range, derStart, derLength: 4 + der.readUInt16BE(2) };
}
