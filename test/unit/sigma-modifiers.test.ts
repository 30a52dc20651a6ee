import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Duck } from '../../main/core/db/duck';
import { ipv6Hex } from '../../main/core/sigma/cidr';
import { FieldSlots } from '../../main/core/sigma/fields';
import { param, sql } from '../../main/core/db/sql';
import { base64OffsetVariants, windashVariants } from '../../main/core/sigma/encodings';
import { SigmaUnsupported } from '../../main/core/sigma/unsupported';
import { compileFieldEntry, keywordPredicate } from '../../main/core/sigma/values';

describe('Sigma value modifiers in DuckDB', () => {
  let db: Duck;
  beforeAll(async () => {
    db = await Duck.open(':memory:');
  });
  afterAll(() => db.close());

  /** Does `spec: value` match the raw record? Compiled for source `src`, evaluated by DuckDB. */
  async function matches(spec: string, value: unknown, record: unknown, src = 'cloudtrail'): Promise<boolean> {
    const slots = new FieldSlots();
    const pred = compileFieldEntry(src, spec, value, slots);
    const q = sql`SELECT ${pred} AS v FROM ${slots.project(sql`(SELECT ${param(JSON.stringify(record))}::JSON AS raw)`)}`;
    return (await db.scalar<boolean>(q.text, q.params)) === true;
  }

  it('matches plain values case-insensitively, cased ones exactly, and lists as OR / |all as AND', async () => {
    expect(await matches('eventName', 'stoplogging', { eventName: 'StopLogging' })).toBe(true);
    expect(await matches('eventName|cased', 'stoplogging', { eventName: 'StopLogging' })).toBe(false);
    expect(await matches('eventName|cased', 'StopLogging', { eventName: 'StopLogging' })).toBe(true);
    expect(await matches('eventName', ['A', 'StopLogging'], { eventName: 'StopLogging' })).toBe(true);
    expect(await matches('ua|contains|all', ['kali', 'boto3'], { ua: 'Boto3/1.0 linux/kali' })).toBe(true);
    expect(await matches('ua|contains|all', ['kali', 'pacu'], { ua: 'Boto3/1.0 linux/kali' })).toBe(false);
    expect(await matches('n', 401, { n: 401 })).toBe(true);
    expect(await matches('b', false, { b: false })).toBe(true);
    expect(await matches('b', 'false', { b: false })).toBe(true);
  });

  it('handles contains / startswith / endswith with wildcards and escapes in the value', async () => {
    expect(await matches('p|startswith', 'arn:aws:iam::', { p: 'ARN:aws:iam::1:user/x' })).toBe(true);
    expect(await matches('p|endswith', '/admin', { p: 'arn:aws:iam::1:role/admin' })).toBe(true);
    expect(await matches('p|endswith', '/admin', { p: 'arn:aws:iam::1:role/admin2' })).toBe(false);
    expect(await matches('p|contains', '50%_off', { p: 'get 50%_off now' })).toBe(true);
    expect(await matches('p|contains', '50%_off', { p: 'get 50x1off now' })).toBe(false);
    expect(await matches('p', 'a?c*', { p: 'abcdef' })).toBe(true);
    expect(await matches('p', 'a\\?c', { p: 'abc' })).toBe(false);
    expect(await matches('p', 'a\\?c', { p: 'a?c' })).toBe(true);
  });

  it('follows nested paths into arrays and reads leaf arrays element by element', async () => {
    const rec = { a: [{ b: { c: 'x' } }, { b: [{ c: 'target' }] }], tags: ['one', 'two'] };
    expect(await matches('a.b.c', 'target', rec)).toBe(true);
    expect(await matches('a.b.c', 'nope', rec)).toBe(false);
    expect(await matches('tags', 'two', rec)).toBe(true);
    expect(await matches('tags', 'three', rec)).toBe(false);
    expect(
      await matches('userIdentity.sessionContext.sessionIssuer.type', 'Role', {
        userIdentity: { sessionContext: { sessionIssuer: { type: 'Role' } } },
      }),
    ).toBe(true);
  });

  it('tells null, missing, empty and exists apart', async () => {
    expect(await matches('f', null, {})).toBe(true);
    expect(await matches('f', null, { f: null })).toBe(true);
    expect(await matches('f', null, { f: '' })).toBe(false);
    expect(await matches('f', '', { f: '' })).toBe(true);
    expect(await matches('f', '', {})).toBe(false);
    expect(await matches('f|exists', true, { f: null })).toBe(true);
    expect(await matches('f|exists', true, {})).toBe(false);
    expect(await matches('f|exists', false, {})).toBe(true);
    expect(await matches('f', ['x', null], {})).toBe(true);
  });

  it('runs regular expressions case-sensitively unless |i, with m and s', async () => {
    expect(await matches('p|re', '^Adm.n$', { p: 'Admin' })).toBe(true);
    expect(await matches('p|re', '^adm.n$', { p: 'Admin' })).toBe(false);
    expect(await matches('p|re|i', '^adm.n$', { p: 'Admin' })).toBe(true);
    expect(await matches('p|re', 'a.b', { p: 'a\nb' })).toBe(false);
    expect(await matches('p|re|s', 'a.b', { p: 'a\nb' })).toBe(true);
    expect(await matches('p|re|m', '^b$', { p: 'a\nb' })).toBe(true);
  });

  it('compares numbers with lt / lte / gt / gte', async () => {
    expect(await matches('n|gt', 100, { n: 101 })).toBe(true);
    expect(await matches('n|gt', 100, { n: 100 })).toBe(false);
    expect(await matches('n|gte', 100, { n: '100' })).toBe(true);
    expect(await matches('n|lt', 5, { n: 'abc' })).toBe(false);
    expect(await matches('n|lte', 5, { n: 5 })).toBe(true);
  });

  it('matches IPv4 and IPv6 networks with |cidr', async () => {
    expect(await matches('ip|cidr', '10.0.0.0/8', { ip: '10.200.3.4' })).toBe(true);
    expect(await matches('ip|cidr', '10.0.0.0/8', { ip: '11.0.0.1' })).toBe(false);
    expect(await matches('ip|cidr', '10.0.0.0/8', { ip: 'AWS Internal' })).toBe(false);
    expect(await matches('ip|cidr', '10.0.0.0/8', { ip: '10.0.0.256' })).toBe(false);
    expect(await matches('ip|cidr', ['192.168.0.0/16', '2001:db8::/32'], { ip: '2001:DB8:0:0::5' })).toBe(true);
    expect(await matches('ip|cidr', '2001:db8:8000::/33', { ip: '2001:db8:ffff::1' })).toBe(true);
    expect(await matches('ip|cidr', '2001:db8:8000::/33', { ip: '2001:db8:7fff::1' })).toBe(false);
    expect(await matches('ip|cidr', '::1/128', { ip: '::1' })).toBe(true);
  });

  it('agrees with a reference on random IPv4 networks', async () => {
    const ipArb = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
    await fc.assert(
      fc.asyncProperty(ipArb, ipArb, fc.nat(32), async (net, ip, bits) => {
        const num = (o: number[]) => o.reduce((a, b) => a * 256 + b, 0);
        const size = 2 ** (32 - bits);
        const expected = Math.floor(num(ip) / size) === Math.floor(num(net) / size);
        expect(await matches('ip|cidr', `${net.join('.')}/${bits}`, { ip: ip.join('.') })).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with a reference on random IPv6 networks, compressed or not', async () => {
    const groupsArb = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 });
    const write = (g: number[], compress: boolean): string => {
      const hex = g.map((x) => x.toString(16));
      if (!compress) return hex.join(':');
      // Compress the first run of zero groups, as addresses are usually written.
      const start = g.indexOf(0);
      if (start < 0) return hex.join(':');
      let end = start;
      while (end < 8 && g[end] === 0) end++;
      return `${hex.slice(0, start).join(':')}::${hex.slice(end).join(':')}`;
    };
    const big = (g: number[]) => g.reduce((a, b) => (a << 16n) + BigInt(b), 0n);
    await fc.assert(
      fc.asyncProperty(groupsArb, groupsArb, fc.nat(128), fc.boolean(), async (net, ip, bits, compress) => {
        // Share a random-length prefix so that matches happen often.
        const shared = Math.floor(bits / 16);
        const addr = [...net.slice(0, shared), ...ip.slice(shared)];
        const shift = BigInt(128 - bits);
        const expected = big(addr) >> shift === big(net) >> shift;
        expect(ipv6Hex(write(addr, compress))).toBe(addr.map((x) => x.toString(16).padStart(4, '0')).join(''));
        expect(await matches('ip|cidr', `${write(net, true)}/${bits}`, { ip: write(addr, compress) })).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('expands windash and base64offset values', async () => {
    expect(windashVariants('-enc x')).toEqual(['-enc x', '/enc x', '\u2013enc x', '\u2014enc x', '\u2015enc x']);
    expect(await matches('cmd|windash|contains', ' -enc ', { cmd: 'powershell /enc AAAA' })).toBe(true);
    // A flag right after a quote, as in `"-enc"`; a dash inside a word is no flag.
    expect(await matches('cmd|windash|contains', '"-enc', { cmd: 'powershell "/enc" AAAA' })).toBe(true);
    expect(await matches('cmd|windash|contains', '"-enc', { cmd: 'powershell "-enc" AAAA' })).toBe(true);
    expect(windashVariants('a-b')).toEqual(['a-b']);
    const secret = 'http://evil.example/';
    for (const pad of ['', 'a', 'ab']) {
      const encoded = Buffer.from(`${pad}${secret}tail`).toString('base64');
      expect(base64OffsetVariants(secret).some((v) => encoded.includes(v))).toBe(true);
      expect(await matches('body|base64offset|contains', secret, { body: encoded })).toBe(true);
    }
    expect(await matches('body|base64', 'abc', { body: 'YWJj' })).toBe(true);
  });

  it('compares two fields with |fieldref', async () => {
    expect(await matches('a|fieldref', 'b', { a: 'X', b: 'x' })).toBe(true);
    expect(await matches('a|fieldref', 'b', { a: 'X', b: 'y' })).toBe(false);
    expect(await matches('a|fieldref|endswith', 'b', { a: 'arn:aws:iam::1:user/alice', b: 'alice' })).toBe(true);
  });

  it('searches keywords in every value of the record', async () => {
    const kw = async (v: string, rec: unknown) => {
      const slots = new FieldSlots();
      const pred = keywordPredicate(v, [], slots);
      const q = sql`SELECT ${pred} AS v FROM ${slots.project(sql`(SELECT ${param(JSON.stringify(rec))}::JSON AS raw)`)}`;
      return (await db.scalar<boolean>(q.text, q.params)) === true;
    };
    expect(
      await kw('Microsoft.Authorization/roleAssignments/write', {
        op: { value: 'microsoft.authorization/roleassignments/write' },
      }),
    ).toBe(true);
    expect(await kw('roleAssignments/delete', { op: 'Microsoft.Authorization/roleAssignments/write' })).toBe(false);
    // Values, not the JSON text: quotes and backslashes are found as written, key names are not searched.
    expect(await kw('say "hi"', { msg: 'they say "hi" twice' })).toBe(true);
    expect(await kw('C:\\Windows\\System32', { path: 'c:\\windows\\system32\\cmd.exe' })).toBe(true);
    expect(await kw('requestParameters', { requestParameters: { userName: 'x' } })).toBe(false);
    expect(await kw('"userName":"x"', { requestParameters: { userName: 'x' } })).toBe(false);
    expect(await kw('svc-deploy', { a: [{ b: { c: ['x', 'svc-deploy'] } }], n: 3 })).toBe(true);
    // A string holding JSON (CloudTrail's policyDocument) is searched in its unescaped form.
    const policy = {
      requestParameters: { policyDocument: JSON.stringify({ Statement: [{ Action: 's3:GetObject' }] }) },
    };
    expect(await kw('"s3:GetObject"', policy)).toBe(true);
    expect(await kw('"s3:PutObject"', policy)).toBe(false);
  });

  it('addresses keys that hold dots, written plain or quoted', async () => {
    const rec = { annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': 'RBAC' } };
    expect(await matches('annotations.authorization.k8s.io/decision', 'allow', rec, 'k8s_audit')).toBe(true);
    expect(await matches('annotations.authorization.k8s.io/decision', 'forbid', rec, 'k8s_audit')).toBe(false);
    expect(await matches('annotations."authorization.k8s.io/reason"', 'rbac', rec)).toBe(true);
    expect(
      await matches('annotations."authorization.k8s.io/reason"', 'rbac', { annotations: { authorization: 'RBAC' } }),
    ).toBe(false);
    expect(() => compileFieldEntry('cloudtrail', 'a."b.c', 'x', new FieldSlots())).toThrow(SigmaUnsupported);
  });

  it('maps fields the way the raw records of each source hold them', async () => {
    expect(
      await matches(
        'gcp.audit.method_name|endswith',
        '.delete',
        { protoPayload: { methodName: 'x.serviceAccounts.delete' } },
        'gcp_audit',
      ),
    ).toBe(true);
    expect(await matches('data.protoPayload.methodName', 'm', { protoPayload: { methodName: 'm' } }, 'gcp_audit')).toBe(
      true,
    );
    expect(await matches('ResultType', '50126', { resultType: '50126' }, 'entra_signin')).toBe(true);
    expect(
      await matches(
        'AuthenticationRequirement',
        'singleFactorAuthentication',
        { properties: { authenticationRequirement: 'singleFactorAuthentication' } },
        'entra_signin',
      ),
    ).toBe(true);
    expect(
      await matches(
        'operationName',
        'Microsoft.Compute/disks/delete',
        { operation_name: { value: 'Microsoft.Compute/disks/delete' } },
        'azure_activity',
      ),
    ).toBe(true);
    expect(await matches('apiGroup', 'apps', { objectRef: { apiGroup: 'apps' } }, 'k8s_audit')).toBe(true);
    // Aliases are per source: CloudTrail gets no Azure-style fallbacks.
    expect(await matches('ResultType', '0', { resultType: '0' }, 'cloudtrail')).toBe(false);
  });

  it('reports what it does not support, naming it', () => {
    const why = (spec: string, v: unknown): string => {
      try {
        compileFieldEntry('cloudtrail', spec, v, new FieldSlots());
        return 'compiled';
      } catch (e) {
        expect(e).toBeInstanceOf(SigmaUnsupported);
        return (e as SigmaUnsupported).reason;
      }
    };
    expect(why('f|utf16le|base64offset|contains', 'x')).toMatch(/unsupported modifier "utf16le"/);
    expect(why('f|expand', '%Servers%')).toMatch(/unsupported modifier "expand"/);
    expect(why('f|hour', 3)).toMatch(/unsupported modifier "hour"/);
    expect(why('f|re|contains', 'x')).toMatch(/cannot be combined/);
    expect(why('f|all', 'x')).toMatch(/\|all needs a list/);
    expect(why('f|re', '(?<=a)b')).toMatch(/lookaround/);
    expect(why('f|re', '(')).toMatch(/invalid regular expression/);
    expect(why('f|cidr', '10.0.0.0/40')).toMatch(/prefix longer than 32/);
    expect(why('f', [])).toMatch(/empty value list/);
    expect(why('f', { nested: 1 })).toMatch(/nested value/);
    expect(why('f|gt', 'abc')).toMatch(/needs a number/);
  });
});
