import { describe, expect, it } from 'vitest';
import { middleEllipsis, textMeasurer } from './middle-ellipsis';

const chars = textMeasurer('12px monospace'); // one unit per character without a canvas

describe('middleEllipsis', () => {
  it('leaves text that fits alone', () => {
    expect(middleEllipsis('10.0.0.1', 8, chars)).toBe('10.0.0.1');
  });

  it('keeps both ends, the end longer: two values that share a prefix stay apart', () => {
    const a = middleEllipsis('arn:aws:iam::123456789012:role/github-actions-deploy-prod', 24, chars);
    const b = middleEllipsis('arn:aws:iam::123456789012:role/github-actions-deploy-stage', 24, chars);
    expect(a.length).toBeLessThanOrEqual(24);
    expect(a).toMatch(/^arn:aws:i.*….*deploy-prod$/);
    expect(b).toMatch(/deploy-stage$/);
    expect(a).not.toBe(b);
  });

  it('fits exactly the width with a proportional measure', () => {
    const wide = (s: string) => [...s].reduce((w, c) => w + (c === 'W' ? 3 : 1), 0);
    const out = middleEllipsis('WWWWabcdefghijklmnopqrstuvwxyzWWWW', 20, wide);
    expect(wide(out)).toBeLessThanOrEqual(20);
    expect(wide(middleEllipsis('WWWWabcdefghijklmnopqrstuvwxyzWWWW', 21, wide))).toBeGreaterThanOrEqual(wide(out));
  });

  it('gives just the ellipsis when nothing else fits', () => {
    expect(middleEllipsis('185.151.163.123', 1, chars)).toBe('…');
  });
});
