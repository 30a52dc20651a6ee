/** Tick positions and labels for a UTC time axis: whole days, hours or minutes, as the span allows. */
const STEPS_MS = [
  60e3,
  300e3,
  900e3,
  3600e3,
  3 * 3600e3,
  6 * 3600e3,
  12 * 3600e3,
  86400e3,
  2 * 86400e3,
  7 * 86400e3,
  30 * 86400e3,
];

export function timeTicks(from: number, to: number, maxTicks: number): { t: number; label: string }[] {
  const span = Math.max(1, to - from);
  const step = STEPS_MS.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks / 86400e3) * 86400e3;
  const out: { t: number; label: string }[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
    const iso = new Date(t).toISOString();
    const label =
      step >= 86400e3 ? iso.slice(5, 10) : iso.slice(11, 16) === '00:00' ? iso.slice(5, 10) : iso.slice(11, 16);
    out.push({ t, label });
  }
  return out;
}

/** "2026-10-05 03:00" for a bucket start, to the minute. */
export function bucketLabel(t: number): string {
  return new Date(t).toISOString().slice(0, 16).replace('T', ' ');
}

/** "15 min", "1 h", "1 d" */
export function durationLabel(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
