// Entry of the process that runs the core (bundled to dist/electron/core-process.mjs). The Electron main process starts
// it with utilityProcess.fork and sends it one MessagePort; from then on every API call and progress event goes over
// that port (core-port.ts). The same bundle also runs in a node:worker_threads Worker (the port then comes in a plain
// message), which is how the tests exercise it without the Electron runtime.
import { parentPort as workerParentPort } from 'node:worker_threads';
import { createCoreService } from '../core/api/service';
import { registerKeyProtector } from '../core/api/shell';
import { electronPort, nodePort, serveCore, type PortLike } from './core-port';

interface ElectronParentPort {
  once(event: 'message', listener: (event: { data: unknown; ports: unknown[] }) => void): unknown;
}

function start(port: PortLike, exit: () => void): void {
  // Signing keys are sealed with the OS key store (safeStorage), which only the main process can reach.
  const { keyProtector } = serveCore(port, createCoreService('electron'), exit);
  registerKeyProtector(keyProtector);
}

// Only present in an Electron utility process (typed by Electron as always there, hence the cast).
const electronParent = (process as { parentPort?: ElectronParentPort }).parentPort;
if (electronParent) {
  electronParent.once('message', (event) => {
    const port = event.ports[0] as Parameters<typeof electronPort>[0] | undefined;
    if (port) start(electronPort(port), () => process.exit(0));
  });
} else if (workerParentPort) {
  workerParentPort.once('message', (message: { port?: Parameters<typeof nodePort>[0] }) => {
    if (message.port) start(nodePort(message.port), () => process.exit(0));
  });
} else {
  process.stderr.write('core-process: start me with utilityProcess.fork or as a worker thread\n');
  process.exitCode = 2;
}
