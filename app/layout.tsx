import "@fontsource-variable/inter";
import "./globals.css";
import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { Toasts } from "@/components/toasts";

export const metadata: Metadata = {
  title: { default: "Switchboard", template: "%s · Switchboard" },
  description: "Book trusted providers and watch every change happen live.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page, the not-found page too, renders per request: the Content-Security-Policy's
  // nonce (proxy.ts) is new each time, and a page built ahead of time would not carry it.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        {children}
        <Toasts />
      </body>
    </html>
  );
}
