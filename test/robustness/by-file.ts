import type { IngestFileReport, IngestSummary } from '../../shared/model';

type Issue = { file: string; position: string | null; reason: string };

/** An ingest's file reports and issues, looked up by the evidence file's name (the last part of its path). */
export function byFile<I extends Issue>(summary: () => IngestSummary, issues: () => I[] = () => []) {
  const file = (name: string): IngestFileReport => {
    const s = summary();
    const hit = s.files.find((f) => f.path.endsWith(`/${name}`));
    if (!hit) throw new Error(`no ${name} in ${s.files.map((f) => f.path).join(', ')}`);
    return hit;
  };
  const issuesOf = (name: string) => issues().filter((i) => i.file.endsWith(`/${name}`));
  return { file, issuesOf };
}
