import type { ShowSqlTarget } from '../../../shared/methods/console';
import { useApp } from '../store/store-context';

/**
 * "Show SQL": opens the Query tab with the SQL that made this view, over the documented views, its values written
 * in, so the investigator (or an auditor) can read it, re-run it and get the same rows.
 */
export function ShowSqlButton(props: { target: ShowSqlTarget | null; what: string; testId?: string }) {
  const showSql = useApp((s) => s.showSql);
  return (
    <button
      type="button"
      className="small show-sql"
      data-testid={props.testId ?? 'show-sql'}
      disabled={!props.target}
      title={`Open the SQL of ${props.what} in the Query tab`}
      aria-label={`Show SQL of ${props.what}`}
      onClick={() => props.target && void showSql(props.target)}
    >
      Show SQL
    </button>
  );
}
