import { config } from 'zod';

// The API table in shared/ is built with zod, whose fast path probes `new Function` when schemas are created.
// Our CSP forbids eval, so the probe logs a violation on every load; turn the fast path off before any schema
// exists. main.tsx imports this module first for that reason.
config({ jitless: true });
