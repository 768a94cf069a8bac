import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../server/store/sqlite.ts';
import { practiceContract } from './practiceContract.ts';

practiceContract('SqliteStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dialogue-room-practice-'));
  const store = new SqliteStore(dir);
  return {
    practice: store.practice,
    erasuresOf: (subjectId) => store.erasuresOf(subjectId),
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
