// Loaded into the host process under test with `node --import` (test/electron/offline-host.spec.ts): records every
// outbound connection, UDP send, DNS lookup and listening socket the process makes, one JSON line each, to the file
// named by TRAILMARK_NET_LOG. It only observes (the calls go on as before), so the test sees what the app really does.
import { appendFileSync } from 'node:fs';
import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';

const file = process.env.TRAILMARK_NET_LOG;
const record = (entry) => {
  if (file) appendFileSync(file, `${JSON.stringify({ pid: process.pid, ...entry })}\n`);
};

// net.Socket#connect is where every TCP (and so HTTP, HTTPS, TLS, WebSocket) and IPC client connection begins.
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const opts = typeof first === 'object' && first !== null ? first : { port: first, host: args[1] };
  record({
    kind: 'connect',
    host: opts.host ?? (opts.path ? null : 'localhost'),
    port: opts.port ?? null,
    path: opts.path ?? null,
  });
  return connect.apply(this, args);
};

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const first = args[0];
  const opts =
    typeof first === 'object' && first !== null
      ? first
      : { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
  record({ kind: 'listen', host: opts.host ?? null, port: opts.port ?? null, path: opts.path ?? null });
  return listen.apply(this, args);
};

const send = dgram.Socket.prototype.send;
dgram.Socket.prototype.send = function (...args) {
  record({ kind: 'udp', host: args.find((a) => typeof a === 'string') ?? null });
  return send.apply(this, args);
};

for (const [target, name] of [
  [dns, 'lookup'],
  [dns, 'resolve'],
  [dns, 'resolve4'],
  [dns, 'resolve6'],
  [dns.promises, 'lookup'],
  [dns.promises, 'resolve'],
]) {
  const original = target[name];
  target[name] = function (hostname, ...rest) {
    record({ kind: 'dns', host: hostname });
    return original.call(this, hostname, ...rest);
  };
}
