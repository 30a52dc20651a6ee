// Starts the core's utility process and hands the main process a CoreLike over it. Should the process die, calls in
// flight answer with an error, and the next call starts a fresh process (the open case is then closed: the renderer
// sees caseOpen false and shows its no-case screen). Electron comes in as parameters, so this is tested with fakes.
import type { JobProgress } from '../../shared/model';
import { connectCore, electronPort, type CoreLike, type KeyStore, type RemoteCore } from './core-port';

type ElectronPortLike = Parameters<typeof electronPort>[0];

export interface ChildLike {
  postMessage(message: unknown, transfer?: unknown[]): void;
  once(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface SupervisorDeps {
  /** utilityProcess.fork(modulePath, [], options) */
  fork(): ChildLike;
  /** new MessageChannelMain() */
  channel(): { port1: ElectronPortLike; port2: unknown };
  log(message: string): void;
  /** The OS key store the core may use for signing keys (safeStorage). */
  keyStore?: KeyStore;
}

export interface SupervisedCore extends CoreLike {
  /** Closes the core cleanly (DuckDB checkpoints the case file) and resolves once its process is gone. */
  stop(timeoutMs?: number): Promise<void>;
}

export function superviseCore(deps: SupervisorDeps): SupervisedCore {
  const listeners = new Set<(p: JobProgress) => void>();
  let current: { remote: RemoteCore; child: ChildLike } | null = null;
  let closing = false;
  let exited: Promise<void> = Promise.resolve();

  function ensure(): RemoteCore {
    if (current) return current.remote;
    const child = deps.fork();
    const { port1, port2 } = deps.channel();
    const remote = connectCore(electronPort(port1), deps.keyStore);
    remote.onProgress((p) => {
      for (const l of listeners) l(p);
    });
    child.postMessage({ type: 'connect' }, [port2]);
    const started = { remote, child };
    let onExit!: () => void;
    exited = new Promise((resolve) => (onExit = resolve));
    child.once('exit', (code) => {
      onExit();
      remote.fail(`the core process stopped (exit code ${code})`);
      if (current === started) current = null;
      if (!closing) deps.log(`core process exited with code ${code}; the next call starts a new one`);
    });
    current = started;
    return remote;
  }

  return {
    dispatch: (method, params) => ensure().dispatch(method, params),
    onProgress(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close() {
      closing = true;
      // A clean close (DuckDB checkpoints the case file), the process exits by itself.
      current?.remote.close();
      current = null;
    },
    async stop(timeoutMs = 5000) {
      const child = current?.child;
      this.close();
      if (!child) return;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
      if ((await Promise.race([exited, late])) === 'late') {
        deps.log('core process did not stop in time; killing it');
        child.kill();
      }
      clearTimeout(timer);
    },
  };
}
