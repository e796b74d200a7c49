"use client";

import { useSyncExternalStore } from "react";
import { Toaster, type ToastPosition } from "react-hot-toast";

const WIDE = "(min-width: 640px)";

/**
 * The app's single toast outlet, mounted once in the root layout. Every toast, the user's
 * own confirmations and live ones alike, appears in one place: on a wide screen the corner
 * away from the header, the bell and the panel under it; on a phone a banner on top.
 */
export function Toasts() {
  const wide = useSyncExternalStore(subscribeToWidth, () => window.matchMedia(WIDE).matches, () => true);
  const position: ToastPosition = wide ? "bottom-right" : "top-center";
  return <Toaster position={position} toastOptions={{ duration: 5000 }} />;
}

function subscribeToWidth(onChange: () => void): () => void {
  const query = window.matchMedia(WIDE);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}
