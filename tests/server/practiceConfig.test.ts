import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';

describe('the practice settings', () => {
  it('K8 PRACTICE_ROOMS is open unless set to couples; PRACTICE_ROOMS_PER_HOUR is 600, a whole positive count', () => {
    expect(loadConfig({})).toMatchObject({ practiceRooms: 'open', practiceRoomsPerHour: 600 });
    expect(loadConfig({ PRACTICE_ROOMS: 'couples', PRACTICE_ROOMS_PER_HOUR: '50' })).toMatchObject({
      practiceRooms: 'couples',
      practiceRoomsPerHour: 50,
    });
    expect(() => loadConfig({ PRACTICE_ROOMS: 'nobody' })).toThrow(/PRACTICE_ROOMS/);
    expect(() => loadConfig({ PRACTICE_ROOMS_PER_HOUR: '0' })).toThrow(/PRACTICE_ROOMS_PER_HOUR/);
    expect(() => loadConfig({ PRACTICE_ROOMS_PER_HOUR: '1.5' })).toThrow(/PRACTICE_ROOMS_PER_HOUR/);
  });
});
