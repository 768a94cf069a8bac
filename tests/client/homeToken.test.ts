import { describe, expect, it } from 'vitest';
import {
  forgetHomeToken,
  HOME_TOKEN_KEY,
  keepHomeToken,
  takeHomeToken,
  withoutFragment,
} from '../../client/src/practice/homeToken.ts';

/** A Storage with the three calls the home uses, as the browser's localStorage behaves. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('the couple home link on a device', () => {
  it('U1 the token comes from the fragment and is kept, so /home opens again without it', () => {
    const store = memoryStorage();
    expect(takeHomeToken('#token=abc.def.ghi', store)).toBe('abc.def.ghi');
    expect(store.items.get(HOME_TOKEN_KEY)).toBe('abc.def.ghi');
    expect(takeHomeToken('', store)).toBe('abc.def.ghi');
  });

  it('U1 a newer link replaces the kept token; forgetting leaves none', () => {
    const store = memoryStorage();
    keepHomeToken('old', store);
    expect(takeHomeToken('#token=new', store)).toBe('new');
    forgetHomeToken(store);
    expect(takeHomeToken('#', store)).toBeNull();
  });

  it('U1 the address left in the bar has no fragment', () => {
    expect(withoutFragment({ pathname: '/home', search: '' })).toBe('/home');
    expect(withoutFragment({ pathname: '/home', search: '?a=1' })).toBe('/home?a=1');
  });
});
