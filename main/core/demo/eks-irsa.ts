/**
 * An EKS workload on IAM Roles for Service Accounts, seen from both sides: the pods of the orders-worker deployment
 * run as the Kubernetes service account orders/orders-worker; the SDK in each pod trades the projected token for
 * the role's credentials (AssumeRoleWithWebIdentity from the cluster's OIDC provider, subject
 * system:serviceaccount:orders:orders-worker) about every 50 minutes and works with them (CloudTrail), while the
 * same service account reads its config map and renews its leader lease in the cluster's audit log. Ground truth:
 * the service account obtained each of those sessions (hop kind irsa).
 */
import { HOME_REGION, PROD, principalId, type Caller, type Obj, type RoleDef } from './cloudtrail-actors';
import {
  HOUR,
  MINUTE,
  SECOND,
  isoSeconds,
  issueSession,
  machineCaller,
  type ActivityContext,
  type Driver,
  type SideLogs,
} from './cloudtrail-activity';
import { OPS } from './cloudtrail-operations';

const NAMESPACE = 'orders';
const SERVICE_ACCOUNT = 'orders-worker';
export const IRSA_SUBJECT = `system:serviceaccount:${NAMESPACE}:${SERVICE_ACCOUNT}`;
const UA =
  'Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#5.10.226-214.880.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.36';
const KUBE_UA = 'orders-worker/1.8.2 (linux/amd64) kubernetes-python/31.0.0';
const PODS = 2;

export function eksIrsa(x: ActivityContext, side: SideLogs): Driver {
  const rng = x.rng.fork('eks-irsa');
  const clusterId = rng.hex(32).toUpperCase();
  const provider = `arn:aws:iam::${PROD}:oidc-provider/oidc.eks.${HOME_REGION}.amazonaws.com/id/${clusterId}`;
  const arn = `arn:aws:iam::${PROD}:role/orders-worker-irsa`;
  const role: RoleDef = {
    account: PROD,
    name: 'orders-worker-irsa',
    arn,
    principalId: principalId(rng, 'AROA'),
    truth: { actorUid: arn, displayName: 'orders-worker-irsa', category: 'machine', kind: 'iam_role' },
  };
  const issuer: Caller = {
    identity: {
      type: 'WebIdentityUser',
      principalId: `${provider}:sts.amazonaws.com:${IRSA_SUBJECT}`,
      userName: IRSA_SUBJECT,
      identityProvider: provider,
    },
    truth: {
      actorUid: `k8s:${IRSA_SUBJECT}`,
      displayName: IRSA_SUBJECT,
      category: 'machine',
      kind: 'k8s_service_account',
    },
    arn: `${provider}:sts.amazonaws.com:${IRSA_SUBJECT}`,
    ip: '',
    ua: UA,
    deny: 0,
    throttle: 0,
  };
  const pods = Array.from({ length: PODS }, () => ({
    name: `orders-worker-7c9d${rng.hex(4)}-${rng.alnum(5).toLowerCase()}`,
    ip: `10.20.${rng.int(1, 60)}.${rng.int(2, 250)}`,
    nat: `3.${rng.int(210, 230)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
  }));
  let audit = 0;

  function k8s(t: number, pod: (typeof pods)[number], verb: string, resource: string, name: string, group = '') {
    const path = group
      ? `/apis/${group}/v1/namespaces/${NAMESPACE}/${resource}/${name}`
      : `/api/v1/namespaces/${NAMESPACE}/${resource}/${name}`;
    const at = new Date(t).toISOString().replace('Z', '000Z');
    side.k8sAudit.push({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID: `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-a${rng.hex(3)}-${rng.hex(12)}`,
      stage: 'ResponseComplete',
      requestURI: path,
      verb,
      user: {
        username: IRSA_SUBJECT,
        uid: `${rng.hex(8)}-0000-4000-8000-${String(++audit).padStart(12, '0')}`,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${NAMESPACE}`, 'system:authenticated'],
        extra: {
          'authentication.kubernetes.io/pod-name': [pod.name],
          'authentication.kubernetes.io/pod-uid': [`${pod.name.slice(-5)}-pod-uid`],
        },
      },
      sourceIPs: [pod.ip],
      userAgent: KUBE_UA,
      objectRef: {
        resource,
        namespace: NAMESPACE,
        name,
        apiVersion: 'v1',
        ...(group ? { apiGroup: group } : {}),
      },
      responseStatus: { metadata: {}, code: 200 },
      requestReceivedTimestamp: at,
      stageTimestamp: at,
      annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
    } satisfies Obj);
  }

  /** One pod's hour: a fresh session when the last one is near its end, then queue work and the cluster's side. */
  const sessions = new Map<string, { caller: Caller; expires: number }>();
  function hour(t: number, pod: (typeof pods)[number]) {
    let s = sessions.get(pod.name);
    if (!s || t > s.expires - 10 * MINUTE) {
      const name = `botocore-session-${Math.floor(t / 1000)}`;
      const session = issueSession(x, rng, t, {
        issuer: { ...issuer, ip: pod.nat },
        op: OPS.AssumeRoleWithWebIdentity,
        role,
        name,
        region: HOME_REGION,
        lifetime: HOUR,
        webIdentity: { provider, subject: IRSA_SUBJECT, kind: 'irsa' },
      });
      s = { caller: machineCaller(session, role, pod.nat, UA), expires: session.expires };
      sessions.set(pod.name, s);
    }
    const c = s.caller;
    let u = t + rng.int(2, 20) * SECOND;
    for (let n = rng.int(2, 4); n > 0; n--, u += rng.int(3, 9) * MINUTE) {
      x.em.emit(u, c, OPS.GetObject, PROD, HOME_REGION, {
        bucket: 'example-orders-inbox',
        key: `in/${rng.hex(12)}.json`,
      });
      x.em.emit(u + 2 * SECOND, c, OPS.PutObject, PROD, HOME_REGION, {
        bucket: 'example-orders-archive',
        key: `${isoSeconds(u).slice(0, 10)}/${rng.hex(12)}.json`,
      });
    }
    k8s(t + rng.int(0, 50) * SECOND, pod, 'get', 'configmaps', 'orders-worker-config');
    for (let m = 0; m < 60; m += 20)
      k8s(
        t + m * MINUTE + rng.int(0, 30) * SECOND,
        pod,
        'update',
        'leases',
        'orders-worker-leader',
        'coordination.k8s.io',
      );
  }

  return (day, at) => {
    for (let h = 0; h < 24; h++)
      for (const pod of pods) {
        const t = day.start + h * HOUR + rng.int(0, 15) * MINUTE;
        at(t, () => hour(t, pod));
      }
  };
}
