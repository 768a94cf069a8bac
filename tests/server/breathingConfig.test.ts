import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';

describe('BREATHING_SECONDS', () => {
  it('I11 a breathing pause lasts 60 seconds unless the operator sets 10 to 300', () => {
    expect(loadConfig({}).breathingSeconds).toBe(60);
    expect(loadConfig({ BREATHING_SECONDS: '90' }).breathingSeconds).toBe(90);
    expect(loadConfig({ BREATHING_SECONDS: '' }).breathingSeconds).toBe(60);
    for (const bad of ['9', '301', '45.5', 'a minute']) {
      expect(() => loadConfig({ BREATHING_SECONDS: bad })).toThrow(/BREATHING_SECONDS/);
    }
  });
});
