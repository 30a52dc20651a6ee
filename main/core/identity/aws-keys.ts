/**
 * The canonical key of an AWS principal, from whatever fields a record carries. One function for every format that
 * holds CloudTrail's userIdentity (raw CloudTrail, OCSF from Security Lake), so the same principal gets the same key
 * wherever it appears. The per-record key is the best the record alone allows; what needs other records (a role's
 * path, the ARN behind a principal id) is learned after loading (resolve.ts) and merged then.
 *
 * - a role session (`arn:aws:sts::ACCT:assumed-role/ROLE/SESSION`) is its role: sessionIssuer.arn when present, else
 *   `arn:aws:iam::ACCT:role/ROLE` (the path, which the session ARN does not carry, is learned later);
 * - a session of an IAM Identity Center permission set is its role here, with actor_name ROLE/SESSION; the identity
 *   step then gives it to the person who signed in (resolve.ts);
 * - an IAM user is its ARN, else `arn:aws:iam::ACCT:user/NAME` from the account and userName, else its principal id;
 * - root is `arn:aws:iam::ACCT:root`; an AWS service is its invokedBy; a federated user is its sts ARN;
 * - a record with only a principal id (AIDA…, AROA…:session) is keyed by the id's unique part.
 * All string functions are split_part/LIKE: a regular expression per record costs the load several times more.
 */
export interface AwsIdentityFields {
  type: string;
  arn: string;
  principalId: string;
  accountId: string;
  userName: string;
  invokedBy: string;
  issuerArn: string;
  issuerUserName: string;
  identityProvider: string;
  /** onBehalfOf.userId: the IAM Identity Center user a request of type IdentityCenterUser was made for. */
  onBehalfOfUserId?: string;
}

/** The key prefix of IAM Identity Center users named by their user id (userIdentity.type = IdentityCenterUser). */
export const IDENTITY_CENTER_USER_PREFIX = 'aws-identity-center-user:';

/** `arn:aws:sts::ACCT:assumed-role/ROLE/SESSION` read without regular expressions. */
const sessionParts = (arn: string) => ({
  isSession: `coalesce(${arn} LIKE 'arn:%:sts::%:assumed-role/%/%', false)`,
  role: `split_part(split_part(${arn}, ':', 6), '/', 2)`,
  session: `split_part(split_part(${arn}, ':', 6), '/', 3)`,
  roleArn: `'arn:' || split_part(${arn}, ':', 2) || ':iam::' || split_part(${arn}, ':', 5) || ':role/' || split_part(split_part(${arn}, ':', 6), '/', 2)`,
});

/** The SSO person key prefix; the rest is the session name, the user's Identity Center user name. */
export const SSO_PERSON_PREFIX = 'aws-sso-user:';

/** SQL expressions for actor_uid, actor_name and principal_id of one record's userIdentity fields. */
export function awsActorSql(f: AwsIdentityFields): { uid: string; name: string; principalId: string } {
  const arn = `nullif(${f.arn}, '')`;
  const pid = `nullif(${f.principalId}, '')`;
  const acct = `nullif(${f.accountId}, '')`;
  const user = `nullif(${f.userName}, '')`;
  const issuerArn = `CASE WHEN ${f.issuerArn} LIKE 'arn:%:role/%' THEN ${f.issuerArn} END`;
  const s = sessionParts(arn);
  const roleName = `coalesce(nullif(${f.issuerUserName}, ''), CASE WHEN ${s.isSession} THEN ${s.role} END)`;
  const sessionName = `coalesce(CASE WHEN ${s.isSession} THEN ${s.session} END, nullif(split_part(${pid}, ':', 2), ''))`;
  const pidKey = `nullif(split_part(${pid}, ':', 1), '')`;
  const userArn = `CASE WHEN ${user} = 'HIDDEN_DUE_TO_SECURITY_REASONS' THEN 'aws-hidden-user:' || coalesce(${acct}, '?')
    WHEN ${acct} IS NOT NULL THEN 'arn:aws:iam::' || ${acct} || ':user/' || ${user} END`;
  const type = f.type;
  const uid = `CASE
    WHEN ${type} = 'AssumedRole' OR (${type} IS NULL AND ${s.isSession}) THEN
      coalesce(${issuerArn}, CASE WHEN ${s.isSession} THEN ${s.roleArn} END, ${arn}, ${pidKey})
    WHEN ${type} = 'IAMUser' THEN coalesce(${arn}, ${userArn}, ${pidKey}, 'aws-user:' || ${user})
    WHEN ${type} = 'AWSService' THEN coalesce(nullif(${f.invokedBy}, ''), 'AWSService')
    WHEN ${type} = 'Root' THEN coalesce(${arn}, 'arn:aws:iam::' || ${acct} || ':root')
    WHEN ${type} = 'FederatedUser' THEN coalesce(${arn},
      'arn:aws:sts::' || split_part(${pid}, ':', 1) || ':federated-user/' || nullif(split_part(${pid}, ':', 2), ''))
    WHEN ${type} IN ('WebIdentityUser', 'SAMLUser') THEN ${f.identityProvider} || ':' || ${user}
    WHEN ${type} = 'AWSAccount' THEN 'aws-account:' || coalesce(${acct}, ${pid})
    WHEN ${type} = 'IdentityCenterUser' AND nullif(${f.onBehalfOfUserId ?? 'NULL'}, '') IS NOT NULL
      THEN '${IDENTITY_CENTER_USER_PREFIX}' || ${f.onBehalfOfUserId ?? 'NULL'}
    ELSE coalesce(${arn}, ${pid}, nullif(${f.invokedBy}, ''), ${userArn}, 'aws-user:' || ${user})
  END`;
  const name = `CASE
    WHEN ${type} = 'AssumedRole' OR (${type} IS NULL AND ${s.isSession}) THEN
      coalesce(${roleName}, 'role') || '/' || coalesce(${sessionName}, '?')
    WHEN ${type} = 'IAMUser' THEN coalesce(${user}, split_part(split_part(${arn}, ':', 6), '/', -1), ${pid})
    WHEN ${type} = 'AWSService' THEN nullif(${f.invokedBy}, '')
    WHEN ${type} = 'Root' THEN 'root'
    ELSE coalesce(${user}, split_part(split_part(${arn}, ':', 6), '/', -1), ${pid})
  END`;
  return { uid, name, principalId: pidKey };
}

/**
 * Console use in every form CloudTrail writes it: a console sign-in, `sessionCredentialFromConsole` (top level or
 * in additionalEventData), the console's own user agents (`console.amazonaws.com`, `signin.amazonaws.com`,
 * `console.ec2.amazonaws.com` and the other per-service hosts, `[S3Console/…]`), and browsers, bracketed or not.
 */
export function awsConsoleSql(f: { eventName: string; userAgent: string; fromConsole: string[] }): string {
  const ua = f.userAgent;
  return `coalesce(${f.eventName} = 'ConsoleLogin' ${f.fromConsole.map((c) => `OR ${c} = 'true'`).join(' ')}
    OR ${ua} LIKE 'Mozilla/%' OR ${ua} LIKE '[Mozilla/%' OR ${ua} IN ('console.amazonaws.com', 'signin.amazonaws.com')
    OR ${ua} LIKE 'console.%.amazonaws.com' OR ${ua} LIKE '%.console.amazonaws.com' OR ${ua} LIKE '[S3Console/%'
    OR ${ua} LIKE 'S3Console/%', false)`;
}
