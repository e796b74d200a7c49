/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // server.ts hosts Next; the Prisma clients and drivers stay plain Node modules.
  serverExternalPackages: ["@prisma/adapter-better-sqlite3", "@prisma/adapter-pg"],
};

module.exports = nextConfig;
