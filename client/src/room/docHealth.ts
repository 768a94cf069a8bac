import * as Y from 'yjs';
import type { DocName } from './connection.ts';

/** How a synced document is doing, for the editor that writes it. */
export interface DocHealth {
  /** How much of the document's cap (`welcome.limits.docBytes`) it uses, in whole percent; null until known. */
  usedPercent: number | null;
  /** Why the server closed this document for good, as a sentence; its editor is then read-only. */
  closedReason: string | null;
}

export const UNKNOWN_HEALTH: DocHealth = { usedPercent: null, closedReason: null };

/** From this share of the cap on, the editor says the document is nearly full. */
export const NEARLY_FULL_PERCENT = 80;

/** Encoding a large document costs time, so its size is measured at most this often while it changes. */
export const MEASURE_EVERY_MS = 2000;

/**
 * Calls `measured` with the document's encoded size when it changes: at once, then at most once every
 * `everyMs` while changes keep coming (the last change is always measured). Returns a stop function.
 */
export function watchDocSize(doc: Y.Doc, measured: (bytes: number) => void, everyMs = MEASURE_EVERY_MS) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let changedMeanwhile = false;
  const measure = () => measured(Y.encodeStateAsUpdate(doc).byteLength);
  const onUpdate = () => {
    if (timer) {
      changedMeanwhile = true;
      return;
    }
    measure();
    timer = setTimeout(() => {
      timer = null;
      if (changedMeanwhile) {
        changedMeanwhile = false;
        onUpdate();
      }
    }, everyMs);
  };
  doc.on('update', onUpdate);
  return {
    /** Measures now (e.g. when the cap becomes known), without waiting for a change. */
    measure,
    stop() {
      doc.off('update', onUpdate);
      if (timer) clearTimeout(timer);
    },
  };
}

function subject(name: DocName): { what: string; are: string } {
  if (name === 'notes') return { what: 'These notes', are: 'are' };
  if (name === 'therapist-notes') return { what: 'Your private notes', are: 'are' };
  if (name.startsWith('draft/')) return { what: 'This draft', are: 'is' };
  return { what: 'This document', are: 'is' };
}

/** The quiet warning beside an editor, or null while there is room. */
export function nearlyFullWarning(name: DocName, usedPercent: number | null): string | null {
  if (usedPercent === null || usedPercent < NEARLY_FULL_PERCENT) return null;
  const { what, are } = subject(name);
  return `${what} ${are} nearly full: ${Math.min(usedPercent, 100)}% used`;
}

/**
 * Why a document was closed for good (y-websocket gives up on 4400–4499), in words for people: the
 * server's own reason when it is a sentence (e.g. "These notes are full."), otherwise ours for the code.
 */
export function closedSentence(name: DocName, code: number, reason: string): string {
  const given = reason.trim();
  if (/^[A-Z].*[.!?]$/.test(given)) return given;
  const { what } = subject(name);
  switch (code) {
    case 4413:
      return `${what} could not take that much at once, so the last change was not saved. Reload the page to go on writing.`;
    case 4401:
      return 'Your access to this document has changed.';
    case 4403:
      return `${what} can only be read from your seat.`;
    default:
      return `${what} stopped saving. Reload the page to go on writing.`;
  }
}
