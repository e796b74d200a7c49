import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

/**
 * package.json's `allowScripts` decides, for every installed package with an install
 * script, whether `npm ci` runs it; one left out makes npm warn on every install.
 */

const root = new URL("..", import.meta.url);
const read = (file: string) => JSON.parse(readFileSync(new URL(file, root), "utf8"));

describe("install scripts", () => {
  it("every package in the lockfile with an install script is decided in allowScripts", () => {
    const { packages } = read("package-lock.json") as { packages: Record<string, { hasInstallScript?: boolean }> };
    const { allowScripts } = read("package.json") as { allowScripts: Record<string, boolean> };
    const withScripts = Object.entries(packages)
      .filter(([path, entry]) => path !== "" && entry.hasInstallScript)
      .map(([path]) => path.replace(/^.*node_modules\//, ""));
    expect(withScripts).toContain("bufferutil");
    expect(withScripts.filter((name) => !(name in allowScripts))).toEqual([]);
  });

  it("bufferutil works without its install script (false): its shipped prebuild, or the JS fallback where none fits", () => {
    // Its script only compiles the addon where no prebuild matches; ws uses it as is either way.
    const { mask, unmask } = createRequire(import.meta.url)("bufferutil") as {
      mask: (source: Buffer, key: Buffer, output: Buffer, offset: number, length: number) => void;
      unmask: (buffer: Buffer, key: Buffer) => void;
    };
    const source = Buffer.from("hello, switchboard");
    const key = Buffer.from([1, 2, 3, 4]);
    const output = Buffer.alloc(source.length);
    mask(source, key, output, 0, source.length);
    expect([...output]).toEqual([...source].map((byte, i) => byte ^ key[i % 4]));
    unmask(output, key);
    expect(output.toString()).toBe("hello, switchboard");
  });
});
