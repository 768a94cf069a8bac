/**
 * Polls `check` until it stops throwing: integration tests wait for what they expect instead of
 * sleeping. The deadline only bounds a hung test; it is not a speed assertion. An error marked
 * `final` stops the polling at once.
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
  everyMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline || (error as { final?: boolean } | null)?.final) throw error;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}
