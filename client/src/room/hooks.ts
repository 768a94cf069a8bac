import { useCallback, useRef, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import type { ClientCommand } from '../../../shared/index.ts';
import type { DocName, RoomView } from './connection.ts';
import { type DocHealth, UNKNOWN_HEALTH } from './docHealth.ts';
import { useConnection } from './RoomProvider.tsx';

export function useRoom(): RoomView {
  const connection = useConnection();
  return useSyncExternalStore(connection.subscribe, connection.getView);
}

/** How full a synced document is, and whether the server closed it for good (its editor is then read-only). */
export function useDocHealth(name: DocName): DocHealth {
  return useRoom().docs[name] ?? UNKNOWN_HEALTH;
}

/** Sends commands; `error` holds the last refusal as a plain sentence, `busy` while one is in flight. */
export function useSend() {
  const connection = useConnection();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = useCallback(
    async (command: ClientCommand): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        const ack = await connection.send(command);
        if (!ack.ok) setError(ack.error.message);
        return ack.ok;
      } finally {
        setBusy(false);
      }
    },
    [connection],
  );
  return { send, error, busy, clearError: () => setError(null) };
}

/** The live text of a field of a synced document. */
export function useYText(name: DocName, field = 'text'): { text: Y.Text; value: string } {
  const connection = useConnection();
  const text = connection.doc(name).doc.getText(field);
  const cache = useRef({ text, value: text.toString() });
  const subscribe = useCallback(
    (onChange: () => void) => {
      const observer = () => {
        cache.current = { text, value: text.toString() };
        onChange();
      };
      text.observe(observer);
      return () => text.unobserve(observer);
    },
    [text],
  );
  const get = useCallback(() => {
    if (cache.current.text !== text) cache.current = { text, value: text.toString() };
    return cache.current;
  }, [text]);
  return useSyncExternalStore(subscribe, get);
}

/** The record's entries (written by the server from the event log). */
export function useRecord(): Record<string, unknown>[] {
  const connection = useConnection();
  const entries = connection.doc('record').doc.getArray<Record<string, unknown>>('entries');
  const cache = useRef<{ length: number; value: Record<string, unknown>[] }>({ length: -1, value: [] });
  const subscribe = useCallback(
    (onChange: () => void) => {
      entries.observe(onChange);
      return () => entries.unobserve(onChange);
    },
    [entries],
  );
  const get = useCallback(() => {
    if (cache.current.length !== entries.length)
      cache.current = { length: entries.length, value: entries.toArray() };
    return cache.current.value;
  }, [entries]);
  return useSyncExternalStore(subscribe, get);
}

/** Replaces a Y.Text's content with `next`, as one small edit (common prefix and suffix kept). */
export function setText(text: Y.Text, next: string): void {
  const current = text.toString();
  if (current === next) return;
  let start = 0;
  while (start < current.length && start < next.length && current[start] === next[start]) start++;
  let end = 0;
  while (
    end < current.length - start &&
    end < next.length - start &&
    current[current.length - 1 - end] === next[next.length - 1 - end]
  ) {
    end++;
  }
  text.doc?.transact(() => {
    text.delete(start, current.length - start - end);
    text.insert(start, next.slice(start, next.length - end));
  });
}
