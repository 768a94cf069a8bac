/** `{ key: value }` only when value is defined, so objects compare equal however they were built. */
export function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  if (value === undefined) return {};
  const one: Partial<Record<K, V>> = {};
  one[key] = value;
  return one;
}
