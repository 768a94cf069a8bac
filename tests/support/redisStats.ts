import { createClient } from 'redis';

/** One command's counts in Redis's `INFO commandstats` since the server started. */
export interface CommandStat {
  calls: number;
  /** Refused before it ran (`-LOADING`, a wrong arity…). */
  rejected: number;
  failed: number;
}

/** Every command's counts, by lower-case name (`xread`, `set`…), for the tests and benches that count. */
export async function commandStats(url: string): Promise<Map<string, CommandStat>> {
  const client = createClient({ url });
  await client.connect();
  try {
    const info = await client.info('commandstats');
    const stats = new Map<string, CommandStat>();
    for (const line of info.split('\r\n')) {
      const match = /^cmdstat_([^:]+):calls=(\d+).*?rejected_calls=(\d+),failed_calls=(\d+)/.exec(line);
      if (match) {
        stats.set(match[1] as string, {
          calls: Number(match[2]),
          rejected: Number(match[3]),
          failed: Number(match[4]),
        });
      }
    }
    return stats;
  } finally {
    client.destroy();
  }
}
