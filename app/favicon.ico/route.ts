/** Browsers and tools that ask for /favicon.ico by habit get the app's icon (app/icon.svg), not a 404. */
export function GET(req: Request): Response {
  return Response.redirect(new URL("/icon.svg", req.url), 308);
}
