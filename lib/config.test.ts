import { describe, expect, it } from "vitest";
import { loadConfig, MIN_SECRET_LENGTH } from "./config";

const strong = (name: string) => `${name}-${"x".repeat(MIN_SECRET_LENGTH)}`;
const production: NodeJS.ProcessEnv = {
  NODE_ENV: "production",
  NEXTAUTH_SECRET: strong("auth"),
  INTERNAL_API_SECRET: strong("internal"),
  WEBHOOK_SECRET: strong("webhook"),
};

describe("loadConfig in production", () => {
  it("starts with secrets of its own, at least 32 characters each", () => {
    expect(loadConfig(production).production).toBe(true);
  });

  it.each(["NEXTAUTH_SECRET", "INTERNAL_API_SECRET", "WEBHOOK_SECRET"] as const)("refuses %s missing, left at its development value, or short, naming it", (name) => {
    expect(() => loadConfig({ ...production, [name]: undefined })).toThrow(new RegExp(`^${name} must be set`));
    expect(() => loadConfig({ ...production, [name]: `dev-${name.split("_")[0].toLowerCase()}-secret-change-me` })).toThrow(name);
    expect(() => loadConfig({ ...production, [name]: "x".repeat(MIN_SECRET_LENGTH - 1) })).toThrow(new RegExp(`^${name} is too short`));
  });

  it("refuses the public demo accounts unless ALLOW_DEMO_IN_PRODUCTION says it is a demo", () => {
    expect(() => loadConfig({ ...production, SEED_DEMO: "1" })).toThrow(/SEED_DEMO=1.*ALLOW_DEMO_IN_PRODUCTION=1/);
    expect(loadConfig({ ...production, SEED_DEMO: "1", ALLOW_DEMO_IN_PRODUCTION: "1" }).seedDemo).toBe(true);
  });

  it("lets development run on its development secrets and the demo seed", () => {
    expect(loadConfig({ NODE_ENV: "development", SEED_DEMO: "1" }).seedDemo).toBe(true);
  });
});
