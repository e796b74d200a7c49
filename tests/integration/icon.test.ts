import { describe, expect, it } from "vitest";
import { useServer } from "./support/fixtures";

describe("the app's icon (sqlite)", () => {
  const ctx = useServer("sqlite");

  it("every page names it, and /favicon.ico, asked for by habit, leads to it instead of a 404", async () => {
    const page = await (await fetch(`${ctx.server.url}/signin`)).text();
    const href = page.match(/<link rel="icon" href="([^"]+)"/)?.[1];
    expect(href).toMatch(/^\/icon\.svg/);
    const icon = await fetch(`${ctx.server.url}${href}`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toContain("image/svg+xml");
    expect(await icon.text()).toContain("<svg");

    const habit = await fetch(`${ctx.server.url}/favicon.ico`, { redirect: "manual" });
    expect(habit.status).toBe(308);
    expect(new URL(habit.headers.get("location")!, ctx.server.url).pathname).toBe("/icon.svg");
  });
});
