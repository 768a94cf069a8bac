import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
  closedSentence,
  MEASURE_EVERY_MS,
  nearlyFullWarning,
  watchDocSize,
} from '../../client/src/room/docHealth.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('D12 what the editors say about their documents', () => {
  it('D12 the warning starts at 80% of the cap and names the document', () => {
    expect(nearlyFullWarning('notes', null)).toBeNull();
    expect(nearlyFullWarning('notes', 79)).toBeNull();
    expect(nearlyFullWarning('notes', 80)).toBe('These notes are nearly full: 80% used');
    expect(nearlyFullWarning('draft/A', 93)).toBe('This draft is nearly full: 93% used');
    expect(nearlyFullWarning('therapist-notes', 140)).toBe('Your private notes are nearly full: 100% used');
  });

  it("D12 a close shows the server's reason when it is a sentence for people, ours otherwise", () => {
    expect(closedSentence('notes', 4413, 'These notes are full.')).toBe('These notes are full.');
    expect(closedSentence('draft/B', 4413, 'This draft is full.')).toBe('This draft is full.');
    expect(closedSentence('notes', 4413, 'update too large')).toBe(
      'These notes could not take that much at once, so the last change was not saved. Reload the page to go on writing.',
    );
    expect(closedSentence('draft/A', 4403, 'read-only')).toBe('This draft can only be read from your seat.');
    expect(closedSentence('notes', 4400, 'malformed message')).toBe(
      'These notes stopped saving. Reload the page to go on writing.',
    );
    expect(closedSentence('notes', 4401, '')).toBe('Your access to this document has changed.');
  });

  it('D12 the size is measured on a change at once, then at most once per 2 s, and the last change always', () => {
    vi.useFakeTimers();
    const doc = new Y.Doc();
    const sizes: number[] = [];
    const watch = watchDocSize(doc, (bytes) => sizes.push(bytes));
    const text = doc.getText('learned');
    text.insert(0, 'a');
    expect(sizes).toEqual([Y.encodeStateAsUpdate(doc).byteLength]);
    for (let i = 0; i < 50; i++) text.insert(text.length, 'more ');
    expect(sizes).toHaveLength(1);
    vi.advanceTimersByTime(MEASURE_EVERY_MS);
    expect(sizes).toEqual([sizes[0], Y.encodeStateAsUpdate(doc).byteLength]);
    // No change since: the watch stays quiet.
    vi.advanceTimersByTime(MEASURE_EVERY_MS * 3);
    expect(sizes).toHaveLength(2);
    watch.stop();
    text.insert(0, 'after stop');
    vi.advanceTimersByTime(MEASURE_EVERY_MS);
    expect(sizes).toHaveLength(2);
  });
});
