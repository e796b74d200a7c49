import { afterEach, describe, expect, it } from "vitest";
import { isSameOrigin } from "./same-origin";

describe("isSameOrigin", () => {
  const host = "switchboard.example:3000";
  const published = process.env.NEXTAUTH_URL;
  afterEach(() => {
    if (published === undefined) delete process.env.NEXTAUTH_URL;
    else process.env.NEXTAUTH_URL = published;
  });

  it.each([
    ["Sec-Fetch-Site same-origin", { secFetchSite: "same-origin" }, true],
    ["Sec-Fetch-Site same-site", { secFetchSite: "same-site" }, false],
    ["Sec-Fetch-Site cross-site, even with our Origin", { secFetchSite: "cross-site", origin: `http://${host}` }, false],
    ["Sec-Fetch-Site none (typed in the address bar)", { secFetchSite: "none" }, false],
    ["our Origin", { origin: `http://${host}` }, true],
    ["our host on another port", { origin: "http://switchboard.example:4000" }, false],
    ["a foreign Origin", { origin: "https://evil.example" }, false],
    ["Origin null", { origin: "null" }, false],
    ["an Origin that is not a URL", { origin: "://" }, false],
  ])("%s", (_name, headers, expected) => {
    expect(isSameOrigin({ host, origin: null, secFetchSite: null, ...headers }, "foreign")).toBe(expected);
  });

  it("the published origin (NEXTAUTH_URL) counts as ours, behind a proxy that rewrites Host", () => {
    process.env.NEXTAUTH_URL = "https://app.switchboard.example";
    expect(isSameOrigin({ host: "10.0.0.5:3000", origin: "https://app.switchboard.example", secFetchSite: null }, "foreign")).toBe(true);
  });

  it("neither header: what the caller decided it means", () => {
    const headers = { host, origin: null, secFetchSite: null };
    expect(isSameOrigin(headers, "foreign")).toBe(false);
    expect(isSameOrigin(headers, "same")).toBe(true);
  });
});
