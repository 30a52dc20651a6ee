/** The tool's version, for the shells to print (kept apart from shell.ts so Electron's main process imports nothing else). */
export { VERSION } from '../version';
