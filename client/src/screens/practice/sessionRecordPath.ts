/**
 * The room id of `/practice/sessions/:roomId/record`, or null for any other address. Apart from
 * the page (SessionRecord.tsx) so the router can read it before that page's chunk is loaded.
 */
export function sessionRecordRoomId(pathname: string): string | null {
  const match = pathname.match(/^\/practice\/sessions\/([A-Za-z0-9-]{1,64})\/record\/?$/);
  return match?.[1] ?? null;
}
