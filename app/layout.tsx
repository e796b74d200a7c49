import "@fontsource-variable/inter";
import "./globals.css";
import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { connection } from "next/server";
import { THEME_BOOT_SCRIPT } from "@/components/theme";
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
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // The boot script sets data-theme before React hydrates, so <html> differs from the server's on purpose.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body className="min-h-screen font-sans">
        {children}
        <Toasts />
      </body>
    </html>
  );
}
