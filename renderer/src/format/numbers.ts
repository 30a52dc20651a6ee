import type { JobProgress } from '../../../shared/model';

const integer = new Intl.NumberFormat('en-US');

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : integer.format(n);
}

export function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb < 10 ? mb.toFixed(2) : mb < 100 ? mb.toFixed(1) : integer.format(Math.round(mb));
}

/** "12.40 / 88.1 MB", "3 / 40 files", "1,200 records" (when the total is not known yet). */
export function progressAmount(p: Pick<JobProgress, 'done' | 'total' | 'unit'>): string {
  if (p.unit === 'bytes') {
    return p.total === null ? `${megabytes(p.done)} MB` : `${megabytes(p.done)} / ${megabytes(p.total)} MB`;
  }
  const unit = p.unit;
  return p.total === null ? `${count(p.done)} ${unit}` : `${count(p.done)} / ${count(p.total)} ${unit}`;
}

/** 0..1, or null when the job can't tell how far it is. */
export function progressFraction(p: Pick<JobProgress, 'done' | 'total'>): number | null {
  if (p.total === null || p.total <= 0) return null;
  return Math.min(1, Math.max(0, p.done / p.total));
}
