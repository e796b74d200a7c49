/**
 * The sign-in to report: set by the sign-in form, taken once by the first dashboard's
 * realtime connection. A module of its own, so the sign-in page does not bundle the
 * realtime client to set it.
 */
const SIGNED_IN_MARK = "switchboard:signed-in";

export function markSignedIn(): void {
  sessionStorage.setItem(SIGNED_IN_MARK, "1");
}

export function takeSignedInMark(): boolean {
  const marked = sessionStorage.getItem(SIGNED_IN_MARK) !== null;
  sessionStorage.removeItem(SIGNED_IN_MARK);
  return marked;
}
