/**
 * JSON.parse, except that where an object repeats a key the FIRST value is kept, as DuckDB's JSON functions do
 * when they fill the events table (json_extract, json_transform). So a record with a repeated key shows, in the
 * raw view and wherever the core reads it, the value its event was built from. Throws SyntaxError as JSON.parse.
 * Keys are defined as own properties (a "__proto__" key is data, as with JSON.parse).
 */
export function parseJsonFirstWins(text: string): unknown {
  // eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings
  const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const SPACE = /[ \t\n\r]*/y;
  let i = 0;
  const fail = (): never => {
    throw new SyntaxError(`Unexpected token in JSON at position ${i}`);
  };
  const space = () => {
    SPACE.lastIndex = i;
    SPACE.exec(text);
    i = SPACE.lastIndex;
  };
  const token = (re: RegExp): string => {
    re.lastIndex = i;
    const m = re.exec(text) ?? fail();
    i = re.lastIndex;
    return m[0];
  };
  const value = (): unknown => {
    space();
    const c = text[i];
    if (c === '"') return JSON.parse(token(STRING)) as string;
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      space();
      if (text[i] === '}') return (i++, obj);
      for (;;) {
        space();
        const key = JSON.parse(token(STRING)) as string;
        space();
        if (text[i++] !== ':') fail();
        const v = value();
        if (!Object.prototype.hasOwnProperty.call(obj, key))
          Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
        space();
        const next = text[i++];
        if (next === '}') return obj;
        if (next !== ',') fail();
      }
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      space();
      if (text[i] === ']') return (i++, arr);
      for (;;) {
        arr.push(value());
        space();
        const next = text[i++];
        if (next === ']') return arr;
        if (next !== ',') fail();
      }
    }
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const)
      if (text.startsWith(word, i)) return ((i += word.length), v);
    return Number(token(NUMBER));
  };
  const out = value();
  space();
  if (i !== text.length) fail();
  return out;
}
