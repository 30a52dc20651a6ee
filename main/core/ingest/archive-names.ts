/** Member names are only ever recorded, never used as paths on disk; these checks say why one is refused. */
export function memberNameProblem(name: string): string | null {
  if (name.includes('\0')) return 'name contains a NUL byte';
  if (name.includes('\\')) return 'name contains a backslash (Windows path separators are refused)';
  if (/^[a-zA-Z]:/.test(name) || name.startsWith('/')) return 'absolute path';
  if (name.split('/').includes('..')) return 'path traversal (..)';
  return null;
}

/** Zip names are UTF-8 when general-purpose bit 11 is set, else the legacy code page; latin1 keeps every byte visible. */
export function decodeZipName(raw: Buffer | string, utf8: boolean): string {
  if (typeof raw === 'string') return raw;
  return raw.toString(utf8 ? 'utf8' : 'latin1');
}

export function joinMember(prefix: string | null, name: string): string {
  return prefix ? `${prefix}!/${name}` : name;
}

/** The name as text when its bytes are valid UTF-8 (they then name the same file back), else null. */
export function utf8Name(raw: Buffer): string | null {
  const text = raw.toString('utf8');
  return Buffer.from(text, 'utf8').equals(raw) ? text : null;
}

/** A name that is not valid UTF-8, printable: its valid characters as they are, every other byte as \xNN. */
export function escapeName(raw: Buffer): string {
  let out = '';
  for (let i = 0; i < raw.length;) {
    const b = raw[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    const seq = len ? raw.subarray(i, i + len) : null;
    const text = seq && seq.length === len ? utf8Name(seq) : null;
    if (text !== null && !text.includes('\ufffd')) {
      out += text === '\\' ? '\\\\' : text;
      i += len;
    } else {
      out += `\\x${b.toString(16).padStart(2, '0')}`;
      i += 1;
    }
  }
  return out;
}

export function badNameReason(entry: { isDirectory(): boolean }): string {
  return entry.isDirectory()
    ? 'folder name is not valid UTF-8 (shown with \\xNN for its bad bytes): its contents were not read'
    : 'file name is not valid UTF-8 (shown with \\xNN for its bad bytes): not read; rename it to load it';
}
