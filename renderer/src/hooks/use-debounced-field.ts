import { useEffect, useRef, useState } from 'react';
import { useDebounced } from './use-debounced';

/**
 * A text field bound to a store value through a debounce: typing commits after `ms` of quiet; a change made
 * elsewhere (e.g. a new case resets the filters) flows back into the field, without echoing our own commits.
 */
export function useDebouncedField(stored: string, commit: (value: string) => void, ms = 250) {
  const [text, setText] = useState(stored);
  const settled = useDebounced(text, ms);
  const sent = useRef(stored);

  useEffect(() => {
    if (settled === sent.current) return;
    sent.current = settled;
    commit(settled);
  }, [settled, commit]);

  useEffect(() => {
    if (stored === sent.current) return;
    sent.current = stored;
    setText(stored);
  }, [stored]);

  return [text, setText] as const;
}
