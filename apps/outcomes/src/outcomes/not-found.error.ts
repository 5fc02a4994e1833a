/** Mapped to 404 by the HTTP error filter (by name). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}
