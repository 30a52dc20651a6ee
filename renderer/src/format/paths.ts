/** Paths typed or pasted by the user: one per line or comma separated; blanks dropped. */
export function splitPaths(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}
