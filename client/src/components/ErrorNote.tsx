/** A refusal from the room, as the plain sentence the server sent; nothing when there is none. */
export function ErrorNote({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p role="alert" className="notice error">
      {error}
    </p>
  );
}
