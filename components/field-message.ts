/**
 * An API error phrased for the field it belongs to: the API's
 * "available: must be at most the capacity (3)" is shown under that field as
 * "Must be at most the capacity (3)".
 */
export function fieldMessage(error: { message: string; field?: string }): string {
  const prefix = `${error.field}: `;
  const text = error.field && error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
