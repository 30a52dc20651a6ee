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
