#!/usr/bin/env node
// Keeps package-lock.json acceptable to `npm ci`. The registry these machines reach serves
// no macOS, Windows or Android builds of packages such as @next/swc-* and
// @tailwindcss/oxide-*, so npm leaves those optional dependencies out of the lock, and
// `npm ci` then calls the lock out of sync with package.json. This adds an entry for each
// missing one, marked optional and for its own platform, which npm skips here as it would
// anywhere else. Runs after every install (postinstall); a lock already complete is untouched.
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(file, "utf8"));
const packages = lock.packages;

function platformOf(name) {
  const os = ["darwin", "win32", "android", "freebsd", "linux", "openbsd", "sunos", "aix"].find((o) => name.includes(o));
  const cpu = ["arm64", "x64", "ia32", "wasm32", "arm", "s390x", "ppc64", "riscv64", "loong64"].find((c) => name.includes(c));
  return { ...(os ? { os: [os] } : {}), ...(cpu ? { cpu: [cpu] } : {}) };
}

let added = 0;
for (const entry of Object.values(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key]) continue;
    packages[key] = { version, ...(entry.dev ? { dev: true } : {}), optional: true, ...platformOf(name) };
    added++;
  }
}
if (added) {
  writeFileSync(file, JSON.stringify(lock, null, 2) + "\n");
  console.log(`complete-lockfile: recorded ${added} optional platform packages the registry does not serve`);
}
