/** Thrown while compiling a rule that uses something Trailmark cannot translate faithfully; the reason is reported. */
export class SigmaUnsupported extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'SigmaUnsupported';
  }
}

export function unsupported(reason: string): never {
  throw new SigmaUnsupported(reason);
}
