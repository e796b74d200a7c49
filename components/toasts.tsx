"use client";

import { Toaster } from "react-hot-toast";

/** The app's single toast outlet, mounted once in the root layout. */
export function Toasts() {
  return <Toaster position="top-right" toastOptions={{ duration: 5000 }} />;
}
