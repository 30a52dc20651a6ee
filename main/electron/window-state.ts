// The main window's size, position and maximized state, remembered in userData/window-state.json. Pure apart from
// the file helpers; the window comes in as a structural type, so this is tested with a fake window.
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from './json-file';

export const WindowState = z.object({
  width: z.number().int().min(400).max(20000),
  height: z.number().int().min(300).max(20000),
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowState>;

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1360, height: 860, maximized: false };

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function loadWindowState(file: string): WindowState {
  return readJsonFile(file, WindowState, DEFAULT_WINDOW_STATE);
}

export function saveWindowState(file: string, state: WindowState): void {
  writeJsonFile(file, state);
}

/**
 * Makes a remembered state fit the screens there are now: no larger than the largest work area, and a position kept
 * only when the window's top strip (where the title bar is) still shows on some screen; else the OS centres it.
 */
export function fitToDisplays(state: WindowState, workAreas: readonly Rect[]): WindowState {
  if (workAreas.length === 0) return state;
  const maxW = Math.max(...workAreas.map((a) => a.width));
  const maxH = Math.max(...workAreas.map((a) => a.height));
  const width = Math.min(state.width, maxW);
  const height = Math.min(state.height, maxH);
  const { x, y, ...rest } = { ...state, width, height };
  if (x === undefined || y === undefined) return rest;
  const strip: Rect = { x, y, width, height: Math.min(40, height) };
  const visible = workAreas.some((a) => overlap(strip, a) >= Math.min(100, width) * strip.height);
  return visible ? { ...rest, x, y } : rest;
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
}

/** Saves the window's state (debounced while it is dragged or resized, at once when it closes). */
export function trackWindowState(win: TrackedWindow, save: (s: WindowState) => void, delayMs = 400): void {
  let timer: NodeJS.Timeout | undefined;
  const snapshot = (): WindowState => {
    const b = win.getNormalBounds();
    return {
      width: Math.round(b.width),
      height: Math.round(b.height),
      x: Math.round(b.x),
      y: Math.round(b.y),
      maximized: win.isMaximized(),
    };
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => save(snapshot()), delayMs);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(event, later);
  win.on('close', () => {
    clearTimeout(timer);
    save(snapshot());
  });
}
