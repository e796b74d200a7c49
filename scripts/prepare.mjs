// What every way of running the production server needs first (`npm run demo`,
// `npm run cluster`): the packages, secrets of its own in .env (written once), and a build
// no older than the sources.
import { execSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const run = (command) => execSync(command, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });

/** The newest modification time under the given paths (the build is stale if older). */
function newest(paths) {
  let latest = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    if (stat.isDirectory()) latest = Math.max(latest, newest(readdirSync(path).map((name) => join(path, name))));
    else latest = Math.max(latest, stat.mtimeMs);
  }
  return latest;
}

/** Runs in the project's root (and stays there). */
export function prepare() {
  process.chdir(new URL("..", import.meta.url).pathname);

  if (!existsSync("node_modules")) {
    console.log("› installing packages (npm ci)");
    run("npm ci --no-audit --no-fund");
  }

  if (!existsSync(".env")) {
    const secret = () => randomBytes(32).toString("base64url");
    writeFileSync(
      ".env",
      [
        "# Written once by `npm run demo` (or `npm run cluster`). Keep it out of version control.",
        `NEXTAUTH_SECRET=${secret()}`,
        `INTERNAL_API_SECRET=${secret()}`,
        `WEBHOOK_SECRET=${secret()}`,
        "DATABASE_URL=file:./data/switchboard.db",
        "SEED_DEMO=1",
        "# A demo install: the demo accounts' public passwords are fine here, never in a real deployment.",
        "ALLOW_DEMO_IN_PRODUCTION=1",
        "",
      ].join("\n"),
      { mode: 0o600 },
    );
    console.log("› wrote .env with fresh secrets");
  }

  const buildId = ".next/BUILD_ID";
  const sources = ["app", "components", "hooks", "lib", "next.config.js", "package-lock.json", "postcss.config.mjs"];
  if (!existsSync(buildId) || newest(sources) > statSync(buildId).mtimeMs) {
    console.log("› building (next build)");
    run("npx next build");
  }
}
