/**
 * The whole JSON records at the start of a file, for sniffing by what a record is rather than where its keys sit.
 * The head is cut at a fixed size, so the parse tolerates an end in the middle of a value: an array drops its
 * unfinished element (the record the cut fell in), an object keeps its finished members, and an unfinished
 * top-level value is kept only when it is the first (one big pretty-printed record or a `{"Records":[…]}` page);
 * a cut JSON line after finished ones is ignored. Text that is not JSON ends the parse with what it had.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The head ended inside the value being parsed. */
class Cut extends Error {
  constructor(readonly partial: Json | undefined) {
    super('cut');
  }
}

class NotJson extends Error {}

const SCALAR = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** Deeper than this is no log record worth sniffing (and keeps a hostile head from costing the stack). */
const MAX_DEPTH = 256;

class HeadParser {
  i = 0;
  depth = 0;
  backslash = 0;
  constructor(readonly t: string) {}

  ws(): void {
    const t = this.t;
    for (let c = t.charCodeAt(this.i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = t.charCodeAt(this.i))
      this.i++;
  }

  atEnd(): boolean {
    this.ws();
    return this.i >= this.t.length;
  }

  value(): Json {
    this.ws();
    if (this.i >= this.t.length) throw new Cut(undefined);
    const ch = this.t[this.i]!;
    if ((ch === '{' || ch === '[') && this.depth >= MAX_DEPTH) throw new NotJson();
    this.depth++;
    try {
      if (ch === '{') return this.object();
      if (ch === '[') return this.array();
    } finally {
      this.depth--;
    }
    if (ch === '"') return this.string();
    return this.scalar();
  }

  string(): string {
    const t = this.t;
    let j = t.indexOf('"', this.i + 1);
    // a quote preceded by an odd number of backslashes is inside the string
    for (;;) {
      if (j < 0) throw new Cut(undefined);
      let k = j - 1;
      while (t.charCodeAt(k) === 0x5c) k--;
      if ((j - 1 - k) % 2 === 0) break;
      j = t.indexOf('"', j + 1);
    }
    const start = this.i + 1;
    this.i = j + 1;
    // the next backslash at or after start (kept between calls: strings come in order, so the search is linear)
    if (this.backslash !== -1 && this.backslash < start) this.backslash = t.indexOf('\\', start);
    if (this.backslash === -1 || this.backslash > j) return t.slice(start, j);
    try {
      return JSON.parse(t.slice(start - 1, j + 1)) as string;
    } catch {
      throw new NotJson();
    }
  }

  scalar(): Json {
    SCALAR.lastIndex = this.i;
    const m = SCALAR.exec(this.t);
    if (!m) throw new NotJson();
    const end = this.i + m[0].length;
    // a number or word running into the end of the head may have been cut
    if (end >= this.t.length) throw new Cut(undefined);
    this.i = end;
    return JSON.parse(m[0]) as Json;
  }

  object(): Json {
    const out: { [key: string]: Json } = {};
    this.i++;
    this.ws();
    if (this.t[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.i >= this.t.length) throw new Cut(out);
      if (this.t[this.i] !== '"') throw new NotJson();
      let key: string | undefined;
      try {
        key = this.string();
        this.ws();
        if (this.i >= this.t.length) throw new Cut(undefined);
        if (this.t[this.i] !== ':') throw new NotJson();
        this.i++;
        out[key] = this.value();
      } catch (e) {
        if (!(e instanceof Cut)) throw e;
        // keep an unfinished container member (a page's record list); drop an unfinished scalar
        if (e.partial !== undefined && key !== undefined) out[key] = e.partial;
        throw new Cut(out);
      }
      this.ws();
      if (this.i >= this.t.length) throw new Cut(out);
      const c = this.t[this.i++];
      if (c === '}') return out;
      if (c !== ',') throw new NotJson();
    }
  }

  array(): Json {
    const out: Json[] = [];
    this.i++;
    this.ws();
    if (this.t[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      try {
        out.push(this.value());
      } catch (e) {
        if (e instanceof Cut) throw new Cut(out); // the element the cut fell in is dropped
        throw e;
      }
      this.ws();
      if (this.i >= this.t.length) throw new Cut(out);
      const c = this.t[this.i++];
      if (c === ']') return out;
      if (c !== ',') throw new NotJson();
    }
  }
}

export interface HeadValues {
  /** The top-level values, in order (JSON lines, concatenated objects, or the one object or array). */
  values: Json[];
  /** The head was cut inside a value, or held text that is not JSON after them. */
  complete: boolean;
}

/** JSON lines parsed natively, line by line: every line but a cut last one must be JSON, else null. */
function jsonLines(text: string, max: number): HeadValues | null {
  const values: Json[] = [];
  for (let from = 0; from < text.length && values.length < max;) {
    const nl = text.indexOf('\n', from);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(from, end);
    from = end + 1;
    if (line.trim() === '') continue;
    try {
      values.push(JSON.parse(line) as Json);
    } catch {
      if (nl >= 0 || values.length === 0) return null;
      return { values, complete: false }; // the line the head's end cut
    }
  }
  return { values, complete: values.length < max };
}

/** The top-level JSON values at the start of `text` (see the file comment for how a cut head is treated). */
export function headValues(text: string, max = 16): HeadValues {
  // JSON's own parser first, for the common layouts (one whole value, JSON lines); the tolerant one for the rest
  if (/[}\]]/.test(text.trimEnd().slice(-1)))
    try {
      return { values: [JSON.parse(text) as Json], complete: true };
    } catch {
      // not one whole value
    }
  const lines = jsonLines(text, max);
  if (lines) return lines;
  const p = new HeadParser(text);
  const values: Json[] = [];
  while (values.length < max && !p.atEnd()) {
    try {
      values.push(p.value());
    } catch (e) {
      if (e instanceof Cut && values.length === 0 && e.partial !== undefined) values.push(e.partial);
      return { values, complete: false };
    }
  }
  return { values, complete: p.atEnd() };
}

/** The records among top-level values: a top-level array's elements, every other value as itself. */
export function recordsOf(values: Json[]): Json[] {
  return values.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

export const isObject = (v: unknown): v is { [key: string]: Json } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at a dotted path of plain keys (a key may itself hold dots when given as one element). */
export function at(v: Json | undefined, path: string[]): Json | undefined {
  let cur: Json | undefined = v;
  for (const k of path) cur = isObject(cur) ? cur[k] : undefined;
  return cur;
}

/** Whether a key occurs anywhere in the record, at any depth (arrays searched too), down to `depth` levels. */
export function hasKeyDeep(v: Json | undefined, key: string, depth = 6): boolean {
  if (depth < 0 || v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some((x) => hasKeyDeep(x, key, depth - 1));
  if (key in v) return true;
  return Object.values(v).some((x) => hasKeyDeep(x, key, depth - 1));
}
