import type { IdentityFacets } from '../../../../shared/methods/workspace';
import { count } from '../../format/numbers';

/** One facet's values with counts; a click picks a value, a second click drops it. */
export function FacetList(p: {
  title: string;
  facet: keyof IdentityFacets;
  values: { value: string; n: number }[] | undefined;
  picked: string | undefined;
  onPick(value: string | undefined): void;
}) {
  return (
    <section className="facet" data-testid={`facet-${p.facet}`}>
      <h3>{p.title}</h3>
      {(p.values ?? []).slice(0, 30).map((v) => (
        <button
          type="button"
          key={v.value}
          className={`facet-value${p.picked === v.value ? ' picked' : ''}`}
          aria-pressed={p.picked === v.value}
          data-value={v.value}
          onClick={() => p.onPick(p.picked === v.value ? undefined : v.value)}
        >
          <span className="facet-label">{v.value || '(none)'}</span>
          <span className="facet-count">{count(v.n)}</span>
        </button>
      ))}
    </section>
  );
}
