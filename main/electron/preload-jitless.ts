// Imported first by preload.ts. The API table (shared/api) builds zod schemas at load time, and zod probes
// `new Function` while doing so; the window's CSP forbids eval and reports the (caught) probe as a violation.
// Turn zod's eval fast path off before any schema exists, as the renderer does (renderer/src/zod-without-eval.ts).
import { config } from 'zod';

config({ jitless: true });
