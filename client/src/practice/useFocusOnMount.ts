import { useEffect, useRef } from 'react';

/**
 * For a heading that replaces the button just pressed (a couple added, a session started): focus moves
 * to it, so keyboard and screen-reader users land on what appeared instead of at the top of the page.
 * The heading needs `tabIndex={-1}`.
 */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
