import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, clientAddress, stampClientAddress } from "./client-address";

function incoming(headers: Record<string, string>, remoteAddress = "198.51.100.7"): IncomingMessage {
  return { headers: { ...headers }, socket: { remoteAddress } } as unknown as IncomingMessage;
}

describe("stampClientAddress", () => {
  it("uses the peer address and overwrites whatever the client claimed", () => {
    const req = incoming({ [CLIENT_ADDRESS_HEADER]: "203.0.113.1", "x-forwarded-for": "203.0.113.2" });
    stampClientAddress(req, false);
    expect(req.headers[CLIENT_ADDRESS_HEADER]).toBe("198.51.100.7");
  });

  it("behind a trusted proxy, takes the last X-Forwarded-For hop (the one the proxy appended)", () => {
    const req = incoming({ "x-forwarded-for": "203.0.113.2, 192.0.2.44" });
    stampClientAddress(req, true);
    expect(req.headers[CLIENT_ADDRESS_HEADER]).toBe("192.0.2.44");
  });

  it("behind a trusted proxy without the header, falls back to the peer", () => {
    const req = incoming({});
    stampClientAddress(req, true);
    expect(clientAddress(req.headers as Record<string, string>)).toBe("198.51.100.7");
  });
});
