/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Type checking is its own step (`npm run typecheck`, part of `npm test`) and covers the
  // tests and server.ts too; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  // server.ts hosts Next; the Prisma clients and drivers stay plain Node modules.
  serverExternalPackages: ["@prisma/adapter-better-sqlite3", "@prisma/adapter-pg"],
};

module.exports = nextConfig;
