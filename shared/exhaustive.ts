/** Ends every switch over a union, so adding a member without handling it fails `tsc`. */
export function exhaustive(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
