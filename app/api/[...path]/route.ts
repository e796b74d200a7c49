import { notFound } from "@/lib/domain/errors";
import { errorResponse } from "@/lib/api/handler";

/** Unknown API paths answer in the API's JSON error shape, not with an HTML page. */
function handler(req: Request) {
  return errorResponse(notFound("Route"), new URL(req.url).pathname);
}

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
