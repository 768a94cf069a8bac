import { readFileSync } from 'node:fs';
import { type CrisisResources, CrisisResourcesFile, DEFAULT_CRISIS_RESOURCES } from '../shared/index.ts';

/** A file larger than this is a mistake (every `welcome` carries it), not a list of crisis lines. */
export const CRISIS_FILE_MAX_BYTES = 64 * 1024;

/**
 * The crisis resources from the operator's JSON file (`CRISIS_RESOURCES`), or the safe default when
 * none is set. A file that cannot be used throws one line naming the file and the problem: the server
 * must not start showing people in danger something other than what its operator meant.
 */
export function loadCrisisResources(path: string | undefined): CrisisResources {
  if (path === undefined) return DEFAULT_CRISIS_RESOURCES;
  const refuse = (problem: string) =>
    new Error(`Invalid configuration: CRISIS_RESOURCES ${path}: ${problem}`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw refuse(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (bytes.length > CRISIS_FILE_MAX_BYTES)
    throw refuse(`is larger than ${CRISIS_FILE_MAX_BYTES / 1024} KiB`);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw refuse('is not valid JSON');
  }
  const parsed = CrisisResourcesFile.safeParse(json);
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues;
    const where = first?.path.length ? `${first.path.join('.')}: ` : '';
    const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
    // A bad country code is reported as "Invalid key in record"; the key's own issue says why.
    const keyIssue = first?.code === 'invalid_key' ? first.issues[0]?.message : undefined;
    throw refuse(`${where}${keyIssue ?? first?.message ?? 'invalid'}${more}`);
  }
  return parsed.data;
}
