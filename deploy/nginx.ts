import { existsSync } from "node:fs";

/**
 * The reference load balancer: nginx (Debian's package) in front of several Switchboard
 * nodes. One source renders both shapes of its configuration:
 *
 * - `siteConfig`: the part that goes into an existing nginx (`/etc/nginx/conf.d/`), for a
 *   real deployment (docs/deployment.md);
 * - `standaloneConfig`: a whole nginx.conf that runs in the foreground from a directory of
 *   its own, unprivileged, for `npm run cluster` and the cluster tests.
 *
 * Run it to print a site config: `npx tsx deploy/nginx.ts --listen 80 --node 10.0.0.11:3000 --node 10.0.0.12:3000`.
 */

export type NginxOptions = {
  /** Where nginx listens: a port, or address:port. */
  listen: string | number;
  /** The nodes, as host:port. */
  nodes: string[];
};

/**
 * Stickiness. A Socket.IO connection over long-polling is many HTTP requests that must all
 * reach the node holding its session, and a WebSocket upgrade must reach the node that
 * answered its handshake. nginx's ip_hash would do for browsers on distinct addresses, but
 * not for many clients behind one address (an office NAT, a mobile carrier, every test
 * client on 127.0.0.1). So /socket.io/ is hashed on the `affinity` query parameter, a
 * random per-tab id the browser client sends with every request, and on the client's
 * address when a client sends none. `consistent` hashing moves only a dead node's clients
 * when it goes away. Everything else (pages, API) is stateless and goes to the least busy node.
 */
export function siteConfig({ listen, nodes }: NginxOptions): string {
  if (nodes.length === 0) throw new Error("at least one node is needed");
  // A node that refuses a connection is skipped for 5 s, and the request goes to the next.
  const servers = nodes.map((node) => `    server ${node} max_fails=1 fail_timeout=5s;`).join("\n");
  const proxyHeaders = `
        proxy_http_version 1.1;
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_connect_timeout 2s;
        proxy_next_upstream error timeout;`;
  return `# Switchboard: ${nodes.length} node(s) behind one address. Rendered by deploy/nginx.ts.
map $arg_affinity $switchboard_affinity {
    ""      $remote_addr;
    default $arg_affinity;
}

map $http_upgrade $switchboard_connection {
    default upgrade;
    ""      "";
}

upstream switchboard_realtime {
    hash $switchboard_affinity consistent;
${servers}
}

upstream switchboard_app {
    least_conn;
${servers}
    keepalive 16;
}

server {
    listen ${listen};
    client_max_body_size 1m;

    location /socket.io/ {
        proxy_pass http://switchboard_realtime;${proxyHeaders}
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $switchboard_connection;
        # Socket.IO pings every 25 s; a quiet WebSocket must outlive that.
        proxy_read_timeout 75s;
        proxy_send_timeout 75s;
        proxy_buffering off;
    }

    location / {
        proxy_pass http://switchboard_app;${proxyHeaders}
        proxy_set_header Connection "";
    }
}
`;
}

/** A whole nginx.conf that keeps its pid, logs and temporary files in `dir` and stays in the foreground. */
export function standaloneConfig(options: NginxOptions & { dir: string }): string {
  const { dir } = options;
  const site = siteConfig(options)
    .split("\n")
    .map((line) => (line ? `    ${line}` : line))
    .join("\n");
  return `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;

events {
    worker_connections 1024;
}

http {
    access_log off;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;

${site}
}
`;
}

/** The command line that runs a standalone config written to `${dir}/nginx.conf` (Debian puts nginx in /usr/sbin, off most users' PATH). */
export function nginxCommand(dir: string): { command: string; args: string[] } {
  const command = process.env.NGINX_BIN ?? (existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx");
  return { command, args: ["-p", dir, "-e", `${dir}/error.log`, "-c", `${dir}/nginx.conf`] };
}

if (process.argv[1]?.endsWith("deploy/nginx.ts")) {
  const args = process.argv.slice(2);
  const valuesOf = (flag: string) => args.flatMap((arg, i) => (arg === flag && args[i + 1] ? [args[i + 1]] : []));
  const nodes = valuesOf("--node");
  if (nodes.length === 0) {
    console.error("usage: npx tsx deploy/nginx.ts [--listen 80] --node host:port [--node host:port ...]");
    process.exit(1);
  }
  process.stdout.write(siteConfig({ listen: valuesOf("--listen")[0] ?? 80, nodes }));
}
