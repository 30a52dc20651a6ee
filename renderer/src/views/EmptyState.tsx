import type { ReactNode } from 'react';

export function EmptyState(props: { title: string; hint?: ReactNode; tone?: 'error'; action?: ReactNode }) {
  return (
    <div className={`empty-state${props.tone ? ` empty-${props.tone}` : ''}`}>
      <div className="empty-title">{props.title}</div>
      {props.hint && <div className="empty-hint">{props.hint}</div>}
      {props.action && <div className="empty-action">{props.action}</div>}
    </div>
  );
}
