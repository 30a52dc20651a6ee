import { useState, type DragEvent, type ReactNode } from 'react';
import { useApp } from '../../store/store-context';

/** file:// URIs a file manager puts on a drag (text/uri-list) as local paths. */
export function pathsFromUriList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && l.startsWith('file://'))
    .map((l) => decodeURIComponent(new URL(l).pathname));
}

/**
 * Drop evidence anywhere on the case home: the paths come from the drag's file:// URI list, which file managers
 * provide in both shells (a browser never reveals a dropped file's path otherwise).
 */
export function DropZone({ children }: { children: ReactNode }) {
  const startIngest = useApp((s) => s.startIngest);
  const report = useApp((s) => s.reportError);
  const running = useApp((s) => s.job?.state === 'running');
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const paths = pathsFromUriList(e.dataTransfer.getData('text/uri-list'));
    if (!paths.length) {
      report('Adding dropped evidence', new Error('the drop carried no local file paths; use Add evidence instead'));
      return;
    }
    if (!running) void startIngest(paths);
  };
  return (
    <div
      className={`drop-zone${over ? ' over' : ''}`}
      data-testid="drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      {children}
      {over && <div className="drop-hint">Drop files, folders or archives to add them as evidence</div>}
    </div>
  );
}
