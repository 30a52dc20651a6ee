/** Series colours that stay apart in both themes; '(other)' is always grey. */
const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f'];
const NAMED: Record<string, string> = {
  '(other)': '#9aa1ad',
  success: '#59a14f',
  failure: '#e15759',
  unknown: '#9aa1ad',
  machine: '#7b5cd6',
  human: '#1b9aaa',
};

export function seriesColor(name: string, index: number): string {
  return NAMED[name] ?? PALETTE[index % PALETTE.length]!;
}

export const SEVERITY_COLOR: Record<string, string> = {
  critical: '#b3001b',
  high: '#e15759',
  medium: '#f28e2b',
  low: '#edc948',
  info: '#4e79a7',
};
