import { useApp } from '../../store/store-context';
import { FlagDialog } from './FlagDialog';
import { ReclassifyDialog } from './ReclassifyDialog';

/** The one dialog open over the workspace, on a backdrop; Esc or a click outside closes it. */
export function DialogHost() {
  const d = useApp((s) => s.dialog);
  const close = useApp((s) => s.openDialog);
  if (!d) return null;
  return (
    <div
      className="backdrop"
      onMouseDown={(e) => e.target === e.currentTarget && close(null)}
      onKeyDown={(e) => e.key === 'Escape' && close(null)}
    >
      {d.kind === 'flag' ? <FlagDialog d={d} /> : <ReclassifyDialog d={d} />}
    </div>
  );
}
