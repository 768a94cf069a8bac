import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SessionSummary } from '../../shared/index.ts';

/** docs/PROTOCOL.md §11 is what a third-party reader of the clinical record is written from: exact. */
const protocol = readFileSync(new URL('../../docs/PROTOCOL.md', import.meta.url), 'utf8');

function section11(): string {
  const start = protocol.indexOf('## 11. The clinical record (JSON)');
  const end = protocol.indexOf('\n## ', start + 1);
  return protocol.slice(start, end === -1 ? undefined : end);
}

describe('the clinical record JSON in PROTOCOL §11', () => {
  it('R3 I9 I19 I29 I37 I48 the summary table is one table naming every field of the summary exactly once', () => {
    const text = section11();
    const head = text.indexOf('`summary`:');
    const lines = text.slice(head).split('\n').slice(1);
    const first = lines.findIndex((line) => line.startsWith('|'));
    // One table: its rows run on without a blank line (a blank line ends a Markdown table).
    const rows: string[] = [];
    for (const line of lines.slice(first)) {
      if (!line.startsWith('|')) break;
      rows.push(line);
    }
    const after = lines.slice(first + rows.length).join('\n');
    expect(after).not.toMatch(/^\| `/m);
    const named = rows
      .slice(2)
      .flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([a-zA-Z]+)`/g)].map((m) => m[1]));
    expect([...named].sort()).toEqual(Object.keys(SessionSummary.shape).sort());
  });
});
