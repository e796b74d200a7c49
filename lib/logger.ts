import pino from "pino";
import { config } from "./config";

type Logger = pino.Logger;
const globalForLogger = globalThis as unknown as { switchboardLogger?: Logger };

/**
 * The one structured logger. Every line carries the node id; secrets and credentials are
 * redacted wherever they appear in a logged object.
 */
export function logger(): Logger {
  globalForLogger.switchboardLogger ??= pino({
    level: config().logLevel,
    base: { node: config().nodeId },
    redact: {
      paths: ["password", "*.password", "token", "*.token", "authorization", "*.authorization", "headers.cookie"],
      censor: "[redacted]",
    },
  });
  return globalForLogger.switchboardLogger;
}
