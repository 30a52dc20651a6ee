#!/usr/bin/env node
// `npm start [-- [--host] [CASE.trailmark]]`: the desktop app when the Electron runtime is installed (and, on Linux,
// a display exists); otherwise the loopback host (`trailmark serve`) on CASE or on the demo case, opened in the
// browser when an opener and a display exist.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, electronAppPath, electronEnv, findElectronRuntime, hasDisplay } from './electron-runtime.mjs';

const args = process.argv.slice(2);
const forceHost = args.includes('--host');
const caseArg = args.find((a) => !a.startsWith('-'));
const casePath = caseArg ? path.resolve(caseArg) : null;
const DEMO_CASE = path.join(os.homedir(), 'Trailmark', 'demo.trailmark');
const CLI = path.join(ROOT, 'bin', 'trailmark.mjs');

const say = (message) => process.stderr.write(`npm start: ${message}\n`);

/** Builds dist/ (all of it) when any of `files` is missing; exits when the build fails or they are still missing. */
function ensureBuilt(files) {
  const missing = () => files.filter((f) => !existsSync(path.join(ROOT, f)));
  if (missing().length === 0) return;
  say(`building dist/ (missing ${missing().join(', ')})`);
  const r = spawnSync(process.execPath, [path.join(ROOT, 'build', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  if (missing().length > 0) {
    say(`the build did not produce ${missing().join(', ')}`);
    process.exit(1);
  }
}

/** Runs a child with our signals forwarded to it, and exits with its exit code. */
function runToEnd(child) {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('error', (err) => {
    say(`could not start ${child.spawnfile}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function onPath(command) {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .some((dir) => existsSync(path.join(dir, command)));
}

/** Opens `url` in the default browser when the platform has an opener and a display; says so when it can't. */
function openInBrowser(url) {
  let command = null;
  let commandArgs = [];
  let options = { stdio: 'ignore', detached: true };
  if (process.platform === 'darwin' && existsSync('/usr/bin/open')) {
    command = 'open';
    commandArgs = [url];
  } else if (process.platform === 'win32') {
    command = 'cmd.exe';
    commandArgs = ['/d', '/s', '/c', `start "" "${url}"`];
    options = { ...options, windowsVerbatimArguments: true };
  } else if (hasDisplay() && onPath('xdg-open')) {
    command = 'xdg-open';
    commandArgs = [url];
  }
  if (!command) {
    say(`no browser opener or display here: open ${url} yourself`);
    return;
  }
  const opener = spawn(command, commandArgs, options);
  opener.on('error', () => say(`could not run ${command}: open ${url} yourself`));
  opener.unref();
}

function startElectron(executable) {
  ensureBuilt([
    'dist/electron/main.mjs',
    'dist/electron/preload.cjs',
    'dist/electron/core-process.mjs',
    'dist/renderer/index.html',
  ]);
  const appArgs = [electronAppPath(ROOT), ...(casePath ? [casePath] : [])];
  runToEnd(spawn(executable, appArgs, { cwd: ROOT, stdio: 'inherit', env: electronEnv() }));
}

async function startHost(why) {
  const target = casePath ?? DEMO_CASE;
  say(`${why}; starting the loopback host on ${target} instead`);
  ensureBuilt(['dist/cli.mjs']);

  if (!casePath && !existsSync(path.join(DEMO_CASE, 'case.duckdb'))) {
    say(`building the demo case at ${DEMO_CASE}`);
    const demo = spawnSync(process.execPath, [CLI, 'demo', DEMO_CASE], { cwd: ROOT, stdio: 'inherit' });
    if (demo.status !== 0) process.exit(demo.status ?? 1);
  }

  // stdout is piped (and echoed) to find the URL with its token; stdin and stderr are the terminal's.
  const serve = spawn(process.execPath, [CLI, 'serve', target], { cwd: ROOT, stdio: ['inherit', 'pipe', 'inherit'] });
  let seen = '';
  let opened = false;
  serve.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (opened) return;
    seen = (seen + chunk.toString('utf8')).slice(-8192);
    const m = /https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?\/[^\s"'<>]*/.exec(seen);
    if (m) {
      opened = true;
      openInBrowser(m[0]);
    }
  });
  runToEnd(serve);
}

const runtime = findElectronRuntime(ROOT);
if (forceHost) await startHost('--host given');
else if (!runtime.available) await startHost(`${runtime.reason} (${runtime.detail})`);
else if (!hasDisplay())
  await startHost('Electron is installed but there is no display (DISPLAY / WAYLAND_DISPLAY unset)');
else startElectron(runtime.executable);
