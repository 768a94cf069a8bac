import type { InputHTMLAttributes } from 'react';

/**
 * A labelled input whose hint and error are tied to it with aria-describedby, and which is marked
 * invalid while its error shows, so a screen reader reads the error with the field.
 */
export function Field(
  props: {
    id: string;
    label: string;
    hint?: string;
    error?: string | null;
  } & InputHTMLAttributes<HTMLInputElement>,
) {
  const { id, label, hint, error, ...input } = props;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      <input id={id} aria-describedby={describedBy} aria-invalid={error ? true : undefined} {...input} />
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The form's own error (not about one field), read out as it appears. */
export function FormError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p role="alert" className="notice error">
      {error}
    </p>
  );
}
