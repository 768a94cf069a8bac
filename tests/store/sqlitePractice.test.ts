import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DB_FILE } from '../../server/store/dataDir.ts';
import { SqliteStore } from '../../server/store/sqlite.ts';
import { newCouple, practiceContract } from './practiceContract.ts';

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

describe('SqliteStore couples from before issue 11', () => {
  it('I42 a database made before the confidentiality column gets it, empty, and keeps its couples', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dialogue-room-practice-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const first = new SqliteStore(dir);
    const couple = { ...newCouple('t-1'), confidentiality: 'gone with the column' };
    await first.practice.createCouple(couple);
    await first.close();
    // As a database written by the previous version: no confidentiality column.
    const old = new Database(join(dir, DB_FILE));
    old.exec('ALTER TABLE couples DROP COLUMN confidentiality');
    old.close();

    const store = new SqliteStore(dir);
    onTestFinished(() => store.close());
    expect(await store.practice.couple(couple.coupleId)).toEqual({ ...couple, confidentiality: null });
    await store.practice.updateCouple(couple.coupleId, { confidentiality: 'Set after the upgrade.' });
    expect((await store.practice.couple(couple.coupleId))?.confidentiality).toBe('Set after the upgrade.');
  });
});
