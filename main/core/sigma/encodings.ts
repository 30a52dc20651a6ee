/** Value transformations from the Sigma modifiers appendix: windash, base64, base64offset. */

const DASHES = ['-', '/', '\u2013', '\u2014', '\u2015'];
const MAX_WINDASH_VARIANTS = 625;

/**
 * Every permutation of the dash characters that start a command-line flag: a dash at the start or after a
 * character that is not a word character (whitespace, a quote, a parenthesis), followed by a word character, as
 * pySigma's `\B[-/]\b` finds them (`"-enc`, `(/c`).
 */
export function windashVariants(text: string): string[] | null {
  const positions: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const starts = i === 0 || !/\w/.test(text.charAt(i - 1));
    if (DASHES.includes(text.charAt(i)) && starts && /\w/.test(text.charAt(i + 1))) positions.push(i);
  }
  if (DASHES.length ** positions.length > MAX_WINDASH_VARIANTS) return null;
  let out = [text];
  for (const pos of positions) {
    out = out.flatMap((v) => DASHES.map((d) => v.slice(0, pos) + d + v.slice(pos + 1)));
  }
  return [...new Set(out)];
}

export function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** The three encodings of a value seen at byte offsets 0, 1 and 2 inside a longer base64 text, stable middles only. */
export function base64OffsetVariants(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const start = [0, 2, 3];
  const end = [undefined, -3, -2];
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const enc = Buffer.concat([Buffer.alloc(i, 0x20), bytes]).toString('base64');
    out.push(enc.slice(start[i], end[(bytes.length + i) % 3]));
  }
  return out;
}
