/**
 * What went wrong with an action or a form, announced to screen readers; nothing when all is well.
 *
 * @example
 * <ErrorMessage message={error} />
 */
export function ErrorMessage({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}
