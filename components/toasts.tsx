"use client";

import { Toaster } from "react-hot-toast";

/**
 * The app's single toast outlet, mounted once in the root layout. Every toast, the user's
 * own confirmations and live ones alike, stacks at the top centre, below the dashboard's
 * header (--toast-top, app/globals.css): over the page's title, not over the actions at a
 * card's foot, nor the bell and the panel under it at the right.
 */
export function Toasts() {
  return <Toaster position="top-center" containerStyle={{ top: "var(--toast-top, 1rem)" }} toastOptions={{ duration: 5000 }} />;
}
