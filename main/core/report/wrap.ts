/**
 * Line wrapping for table cells that hold identifiers: ARNs, paths, hostnames, IPs and JSON. pdfkit's wrapper
 * (Unicode line breaking) sees "secretsmanager.amazonaws.com" as one word and, when it does not fit, cuts it at
 * whatever glyph reaches the edge. Here a line may end after a space or one of / : , . - _ = & ? ; @ | { [ , or
 * before } ] , so the pieces of a token stay readable; a piece wider than the whole line is the only thing cut.
 */

const BREAK_AFTER = /(?<=[\s/:,.\-_=&?;@|{[])|(?=[}\]])/;

/** The text cut into lines no wider than `width` as `measure` gives widths; given line breaks are kept. */
export function wrapAtTokens(text: string, width: number, measure: (s: string) => number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const piece of para.split(BREAK_AFTER)) {
      if (!piece) continue;
      if (measure((line + piece).trimEnd()) <= width) {
        line += piece;
        continue;
      }
      if (line.trim()) out.push(line.trimEnd());
      line = '';
      // A piece wider than a whole line (a hash, a long word): cut by characters, as little as needed.
      let rest = piece;
      while (measure(rest.trimEnd()) > width && rest.length > 1) {
        let n = 1;
        while (n < rest.length && measure(rest.slice(0, n + 1)) <= width) n++;
        out.push(rest.slice(0, n));
        rest = rest.slice(n);
      }
      line = rest.trimStart() === '' ? '' : rest;
    }
    out.push(line.trimEnd());
  }
  return out;
}
