import { DomainError } from "../domain/errors";
import { realtimeHub, type RealtimeHub } from "./hub";

/** The running realtime hub, or a 503 when this process has none (e.g. a bare Next server). */
export function requireHub(): RealtimeHub {
  const hub = realtimeHub();
  if (!hub) throw new DomainError("unavailable", "REALTIME_UNAVAILABLE", "The realtime server is not running in this process");
  return hub;
}
