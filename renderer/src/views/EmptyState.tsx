import type { ReactNode } from 'react';

export function EmptyState(props: { title: string; hint?: ReactNode; tone?: 'error' }) {
  return (
    <div className={`empty-state${props.tone ? ` empty-${props.tone}` : ''}`}>
      <div className="empty-title">{props.title}</div>
      {props.hint && <div className="empty-hint">{props.hint}</div>}
    </div>
  );
}
