import { describe, expect, it } from 'vitest';
import { intOption, numberOption } from '../../main/cli/args';
import { defaultOf } from '../../main/cli/defaults';
import { api } from '../../shared/api';

describe("the CLI's defaults are the API schemas' (main/cli/defaults.ts)", () => {
  it("reads a method's default from its params schema", () => {
    expect(defaultOf('identityLineage', 'depth')).toBe(api.identityLineage.params.shape.depth.parse(undefined));
    expect(defaultOf('startDemo', 'days')).toBe(21);
  });

  it('refuses a field with no numeric default rather than guess one', () => {
    expect(() => defaultOf('identityLineage', 'actor_uid')).toThrow(/no numeric default/);
    expect(() => defaultOf('identityLineage', 'nothing')).toThrow(/no numeric default/);
  });

  it('an option left out stays undefined, so the API applies its own default', () => {
    expect(intOption(undefined, 'limit')).toBeUndefined();
    expect(numberOption(undefined, 'scale')).toBeUndefined();
    expect(intOption('7', 'limit')).toBe(7);
  });
});
