import type { Category } from '../../../shared/model';

/** human / machine / unknown, in colour and in words; the tooltip says why the classifier decided so. */
export function CategoryBadge(props: { category: Category; reason?: string; overridden?: boolean }) {
  return (
    <span className={`badge badge-${props.category}`} title={props.reason}>
      {props.category}
      {props.overridden ? '*' : ''}
    </span>
  );
}
