import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./errors";

// The shapes below are what Prisma 6.19 threw when PostgreSQL terminated the connection
// in the middle of a transaction (57P01, as a stopping server does).
const terminated = {
  originalCode: "57P01",
  originalMessage: "terminating connection due to administrator command",
  kind: "postgres",
  code: "57P01",
  severity: "FATAL",
  message: "terminating connection due to administrator command",
};

describe("isDatabaseUnavailable", () => {
  it("recognizes a model query's driver error", () => {
    expect(isDatabaseUnavailable({ name: "DriverAdapterError", message: terminated.message, cause: terminated })).toBe(true);
  });

  it("recognizes a raw query's P2010, which keeps the driver error in meta", () => {
    const raw = {
      name: "PrismaClientKnownRequestError",
      code: "P2010",
      message: "Raw query failed. Code: `57P01`. Message: `terminating connection due to administrator command`",
      meta: { driverAdapterError: { name: "DriverAdapterError", cause: terminated } },
    };
    expect(isDatabaseUnavailable(raw)).toBe(true);
  });

  it("does not take a query's own fault for an outage", () => {
    const uniqueViolation = { kind: "postgres", code: "23505", message: "duplicate key value violates unique constraint" };
    expect(isDatabaseUnavailable({ code: "P2010", message: "Raw query failed. Code: `23505`.", meta: { driverAdapterError: { cause: uniqueViolation } } })).toBe(false);
    expect(isDatabaseUnavailable(new Error("Event log: inserted rows came back out of order"))).toBe(false);
  });
});
