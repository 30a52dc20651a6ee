import { useCallback } from 'react';
import { useDebouncedField } from '../hooks/use-debounced-field';
import { useTextIndex } from '../hooks/use-text-index';
import type { TextIndexStatus } from '../../../shared/methods/workspace';
import { useApp } from '../store/store-context';

const HOW =
  'Matches where a word starts, any case: AccessDenied also finds AccessDeniedException. Start with * to match inside words (reads every record).';

/** Free text over the whole raw record (press / anywhere to get here), and how far its index is built. */
export function EventSearch() {
  const stored = useApp((s) => s.nav.filter.text ?? '');
  const setFilter = useApp((s) => s.setFilter);
  const commit = useCallback((text: string) => setFilter({ text: text.trim() || undefined }), [setFilter]);
  const [text, setText] = useDebouncedField(stored, commit);
  const index = useTextIndex();

  return (
    <>
      <input
        type="search"
        className="grow"
        data-testid="event-search"
        data-search-target="true"
        placeholder="Search raw records: ARN, IP, key id, request id…  ( / )"
        aria-label="Search events"
        title={HOW}
        spellCheck={false}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <SearchIndexBadge index={index} />
    </>
  );
}

/** "indexing 45%" while the search index is built; nothing once it is ready. */
export function SearchIndexBadge({ index }: { index: TextIndexStatus | null }) {
  if (!index || index.state === 'ready' || index.total === 0) return null;
  const failed = index.state === 'failed';
  return (
    <span
      className="search-index muted"
      data-testid="text-index"
      title={
        failed
          ? `The search index failed (${index.error}); searches read every record.`
          : 'Searches use the index where it is built and read the rest of the records.'
      }
    >
      {failed ? 'index failed' : `indexing ${Math.floor((100 * index.done) / index.total)}%`}
    </span>
  );
}
