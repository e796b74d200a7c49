import { describe, expect, it } from "vitest";
import { DEFAULT_DATABASE_URL, databaseProvider, databaseUrl, sqliteFilePath } from "./provider";

describe("databaseUrl", () => {
  it.each([
    { name: "unset", env: {}, url: DEFAULT_DATABASE_URL },
    { name: "empty", env: { DATABASE_URL: "" }, url: DEFAULT_DATABASE_URL },
    { name: "blank", env: { DATABASE_URL: "  \n" }, url: DEFAULT_DATABASE_URL },
    { name: "set, trimmed", env: { DATABASE_URL: " postgres://u:p@db:5432/app \n" }, url: "postgres://u:p@db:5432/app" },
    { name: "a file", env: { DATABASE_URL: "file:./tmp/test.db" }, url: "file:./tmp/test.db" },
  ])("$name gives $url", ({ env, url }) => {
    expect(databaseUrl(env as NodeJS.ProcessEnv)).toBe(url);
  });

  it("defaults to embedded SQLite", () => {
    expect(databaseProvider(DEFAULT_DATABASE_URL)).toBe("sqlite");
  });
});

describe("databaseProvider", () => {
  it.each([
    { url: "postgres://u:p@db:5432/app", provider: "postgres" },
    { url: "postgresql://db/app?schema=public", provider: "postgres" },
    { url: "file:./data/switchboard.db", provider: "sqlite" },
    { url: "file:/var/lib/switchboard.db", provider: "sqlite" },
  ])("$url is $provider", ({ url, provider }) => {
    expect(databaseProvider(url)).toBe(provider);
  });

  it.each([
    { url: "mysql://root:hunter2@db/app", scheme: "mysql:" },
    { url: "postgres:db/app", scheme: "postgres:" },
    { url: "postgresx://u:hunter2@db/app", scheme: "postgresx:" },
    { url: "./data/switchboard.db", scheme: "./data/switchboard.db:" },
  ])("refuses $url, naming only its scheme", ({ url, scheme }) => {
    expect(() => databaseProvider(url)).toThrow(`got "${scheme}"`);
    expect(() => databaseProvider(url)).not.toThrow(/hunter2/);
  });
});

describe("sqliteFilePath", () => {
  it.each([
    { url: "file:./data/switchboard.db", path: "./data/switchboard.db" },
    { url: "file:/var/lib/switchboard.db", path: "/var/lib/switchboard.db" },
    { url: "file:./test.db?connection_limit=1&socket_timeout=5", path: "./test.db" },
    { url: "file:dev.db", path: "dev.db" },
  ])("$url is $path", ({ url, path }) => {
    expect(sqliteFilePath(url)).toBe(path);
  });
});
