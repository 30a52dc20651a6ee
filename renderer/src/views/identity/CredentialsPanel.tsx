import { count } from '../../format/numbers';
import { dayUtc, isoUtc } from '../../format/time';
import { useApi } from '../../hooks/use-api';
import { useApp, useConnection } from '../../store/store-context';

const KIND_LABEL = {
  access_key: 'access key',
  temporary_key: 'temporary key',
  credential: 'credential',
  session: 'session',
} as const;

/**
 * The credentials and sessions the identity used (a group's: its members'), with first and last use, addresses and
 * user agents; and the groups it acted through or the members it has (a person and an IAM Identity Center role).
 */
export function CredentialsPanel(p: { actor: string; version: string }) {
  const conn = useConnection();
  const go = useApp((s) => s.go);
  const creds = useApi(`${p.actor}|${p.version}`, () => conn.api.listCredentials({ actor_uid: p.actor, limit: 50 }));
  const links = useApi(`${p.actor}|${p.version}`, () => conn.api.listIdentityLinks({ actor_uid: p.actor }));
  const other = (l: { member_uid: string; group_uid: string }) =>
    l.member_uid === p.actor ? l.group_uid : l.member_uid;
  return (
    <section
      className="top-panel credentials-panel"
      data-testid="credentials-panel"
      aria-label="Credentials and sessions"
    >
      <h3>Credentials and sessions</h3>
      {links.data && links.data.length > 0 && (
        <ul className="identity-links" data-testid="identity-links">
          {links.data.map((l) => (
            <li key={`${l.member_uid}|${l.group_uid}`}>
              {l.member_uid === p.actor ? `${l.relation} ` : 'member: '}
              <button type="button" className="link mono" onClick={() => go({ view: 'identity', actor: other(l) })}>
                {other(l)}
              </button>{' '}
              <span className="muted">({count(l.event_count)} events)</span>
            </li>
          ))}
        </ul>
      )}
      {creds.error ? (
        <div className="muted">{creds.error}</div>
      ) : !creds.data ? (
        <div className="muted">Loading…</div>
      ) : creds.data.length === 0 ? (
        <div className="muted">None recorded</div>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Credential</th>
              <th className="num">Events</th>
              <th className="num">Addresses</th>
              <th>First seen</th>
            </tr>
          </thead>
          <tbody>
            {creds.data.map((c) => (
              <tr key={`${c.kind}|${c.id}`} data-value={c.id}>
                <td
                  className="top-value"
                  title={`${c.id}\nused by ${c.actor_uid}\n${c.src_ips.join(', ')}\n${c.user_agents.join('\n')}`}
                >
                  <span className="muted">{KIND_LABEL[c.kind]} </span>
                  <span className="mono">{c.id}</span>
                </td>
                <td className="num">{count(c.events)}</td>
                <td className="num" title={c.src_ips.join(', ')}>
                  {count(c.src_ip_count)}
                </td>
                <td title={`${isoUtc(c.first_seen)} → ${isoUtc(c.last_seen)}`}>{dayUtc(c.first_seen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
