import pino from "pino";
import { config } from "./config";

type Logger = pino.Logger;
// One per bundle (server.ts's, and each of Next's): a logger holds no state to share.
let instance: Logger | undefined;

/**
 * The one structured logger. Every line carries the node id; secrets and credentials are
 * redacted wherever they appear in a logged object.
 */
export function logger(): Logger {
  instance ??= pino({
    level: config().logLevel,
    base: { node: config().nodeId },
    redact: {
      paths: ["password", "*.password", "token", "*.token", "authorization", "*.authorization", "headers.cookie"],
      censor: "[redacted]",
    },
  });
  return instance;
}
