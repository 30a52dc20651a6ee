// The core's floors, as an ESLint rule (after VS Code's `code-layering`): a folder of main/core/ imports only
// folders on its own floor or below, and the shells (main/cli, main/host, main/electron) reach the core only
// through main/core/api/. An upward import is a dependency the next change will trip over; the fix is to move the
// shared piece down, or to let the layer above wire it in (as session.ts schedules the text index on open).
import path from 'node:path';

/** Lowest first. A file directly in main/core/ is its own floor, named after the file (session.ts: 'session'). */
export const CORE_FLOORS = [
  'version',
  'db',
  'jobs',
  'case',
  'identity',
  'ingest',
  'integrity',
  'query',
  'sigma',
  'analysis',
  'console',
  'workspace',
  'export',
  'report',
  'pipelines',
  'demo',
  'session',
  'api',
];
const SHELLS = ['cli', 'host', 'electron'];

/** 'ingest' for main/core/ingest/x.ts, 'session' for main/core/session.ts; null outside the core. */
function floorOf(rel) {
  const parts = rel.split('/');
  if (parts[0] !== 'main' || parts[1] !== 'core' || parts.length < 3) return null;
  return parts.length === 3 ? parts[2].replace(/\.(d\.)?ts$/, '') : parts[2];
}

/** @type {import('eslint').Rule.RuleModule} */
export const coreLayering = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports inside the core go down its floors; shells import only main/core/api/.' },
    schema: [],
    messages: {
      upward:
        'main/core/{{from}} may not import main/core/{{to}}: it is a floor above (floors, lowest first: {{floors}})',
      unknown: 'main/core/{{floor}} is on no floor: add it to CORE_FLOORS in build/core-layering.mjs',
      shell: 'main/{{shell}} reaches the core only through main/core/api/, not main/core/{{to}}',
    },
  },
  create(context) {
    const root = context.cwd;
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    const from = floorOf(file);
    const shell = file.startsWith('main/') ? file.split('/')[1] : null;
    const inShell = shell !== null && SHELLS.includes(shell);
    if (from === null && !inShell) return {};
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path
        .relative(root, path.resolve(path.dirname(context.filename), spec))
        .split(path.sep)
        .join('/');
      const to = floorOf(target) ?? floorOf(`${target}.ts`);
      if (to === null) return;
      if (inShell) {
        if (to !== 'api') context.report({ node: node.source, messageId: 'shell', data: { shell, to } });
        return;
      }
      const a = CORE_FLOORS.indexOf(from);
      const b = CORE_FLOORS.indexOf(to);
      if (a < 0) return context.report({ node: node.source, messageId: 'unknown', data: { floor: from } });
      if (b < 0) return context.report({ node: node.source, messageId: 'unknown', data: { floor: to } });
      if (b > a)
        context.report({ node: node.source, messageId: 'upward', data: { from, to, floors: CORE_FLOORS.join(' → ') } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { rules: { 'core-layering': coreLayering } };
