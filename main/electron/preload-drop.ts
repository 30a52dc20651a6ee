// Drag and drop of files onto the window, for the preload. Typed structurally (main/ has no DOM library), no Electron
// import, so it is tested with fake events.

export interface DragEventLike {
  defaultPrevented: boolean;
  preventDefault(): void;
  dataTransfer: { types: readonly string[]; files: ArrayLike<object> } | null;
}

export interface DropTarget {
  addEventListener(type: 'dragover' | 'drop', listener: (event: DragEventLike) => void): void;
}

const hasFiles = (e: DragEventLike) => e.dataTransfer?.types.includes('Files') ?? false;

/**
 * Lets files be dropped (dragover must be cancelled for a drop to happen) and sends the dropped paths on. A drop the
 * page already handled (defaultPrevented, e.g. a drop zone of its own) is left alone; the window never navigates to
 * a dropped file (webPreferences.navigateOnDragDrop is off as well).
 */
export function installDropHandler(
  target: DropTarget,
  pathForFile: (file: object) => string,
  send: (paths: string[]) => void,
): void {
  target.addEventListener('dragover', (e) => {
    if (hasFiles(e)) e.preventDefault();
  });
  target.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    const handled = e.defaultPrevented;
    e.preventDefault();
    if (handled) return;
    const paths = Array.from(e.dataTransfer?.files ?? [], (f) => pathForFile(f)).filter((p) => p.length > 0);
    if (paths.length > 0) send(paths);
  });
}
