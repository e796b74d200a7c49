"use client";

import { useEffect, useState } from "react";
import { Activity, Gauge, Server, Users } from "lucide-react";
import { useRealtimeEvent, useRoom } from "@/hooks/use-realtime";
import { api } from "@/lib/api/browser";
import type { Stats } from "@/lib/realtime/protocol";
import { BreakdownBars } from "./breakdown-bars";
import { ClientConnectionStats } from "./client-connection-stats";
import { Sparkline } from "./sparkline";
import { PercentileTile, Tile } from "./stat-tile";
import { usePollWhileNotLive } from "./use-poll-while-not-live";
import { utcTime } from "./utc-time";

/** One stats reading and when it was taken (ms since the epoch). */
export type StatsSample = { at: number; stats: Stats };

/** How much history the charts show; at one push every 2 s that is about 150 samples. */
const WINDOW_MS = 5 * 60_000;
const FALLBACK_POLL_MS = 5000;

const ROLES = [
  { key: "CLIENT", label: "Clients" },
  { key: "PROVIDER", label: "Providers" },
  { key: "ADMIN", label: "Admins" },
  { key: "STAFF", label: "Staff" },
] as const;

/**
 * The realtime layer's health for staff and admins: connections, events per minute and
 * delivery latency with charts of the last five minutes, how browsers' connections go
 * (time to connect, reconnects, polling) and the clean-up, connections by role and by
 * transport. Starts from the server render's reading, then follows `stats:updated` pushes
 * in the `admin` room (or polls the stats route while the socket is down).
 */
export function LiveStats({ initial }: { initial: StatsSample | null }) {
  const [samples, setSamples] = useState<StatsSample[]>(initial ? [initial] : []);
  useRoom("admin");

  const add = (sample: StatsSample) =>
    setSamples((current) => [...current.filter((s) => s.at > sample.at - WINDOW_MS && s.at < sample.at), sample]);
  const load = () =>
    void api<Stats>("/api/realtime/stats").then((result) => {
      if (result.ok) add({ at: Date.now(), stats: result });
    });

  useRealtimeEvent("stats:updated", (stats, envelope) => add({ at: Date.parse(envelope.ts), stats }));
  usePollWhileNotLive(load, FALLBACK_POLL_MS);
  useEffect(() => {
    // Only a render without the realtime server lacks a reading; pushes do the rest.
    if (!initial) load();
  }, []); // once, on mount

  const latest = samples[samples.length - 1];
  if (!latest) {
    return (
      <p role="status" className="flex h-40 items-center justify-center rounded-xl bg-slate-50 text-sm text-slate-600">
        Waiting for the first reading…
      </p>
    );
  }
  const { stats } = latest;
  const times = samples.map((s) => s.at);

  return (
    <div className="space-y-5">
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Tile Icon={Users} label="Connections" value={stats.connections} detail={`${stats.users} ${stats.users === 1 ? "person" : "people"} online`}>
          <Sparkline
            label="Connections"
            times={times}
            windowMs={WINDOW_MS}
            series={[
              { name: "connections", values: samples.map((s) => s.stats.connections), lineClassName: "stroke-indigo-600", areaClassName: "fill-indigo-600/10" },
            ]}
          />
        </Tile>
        <Tile Icon={Activity} label="Events per min" value={stats.eventsPerMinute} detail="In the last 60 s">
          <Sparkline
            label="Events per minute"
            times={times}
            windowMs={WINDOW_MS}
            series={[
              { name: "events per minute", values: samples.map((s) => s.stats.eventsPerMinute), lineClassName: "stroke-emerald-600", areaClassName: "fill-emerald-600/10" },
            ]}
          />
        </Tile>
        <PercentileTile
          Icon={Gauge}
          label="Latency p95"
          chartLabel="Delivery latency"
          times={times}
          windowMs={WINDOW_MS}
          readings={samples.map((s) => s.stats.deliveryLatencyMs)}
          hue="amber"
        />
        <Tile
          Icon={Server}
          label="Uptime"
          value={formatDuration(stats.uptimeS)}
          detail={`${stats.nodes.length} ${stats.nodes.length === 1 ? "node" : "nodes"}: ${stats.nodes.map((n) => n.id).join(", ")}`}
        >
          <p className="flex h-8 items-end text-xs text-slate-600">
            <span>
              Updated <time dateTime={new Date(latest.at).toISOString()} className="tabular-nums">{utcTime(latest.at)}</time>
            </span>
          </p>
        </Tile>
      </dl>
      <ClientConnectionStats samples={samples} windowMs={WINDOW_MS} />
      <div className="grid gap-6 sm:grid-cols-2">
        <BreakdownBars title="Connections by role" items={ROLES.map((r) => ({ label: r.label, count: stats.byRole[r.key] ?? 0 }))} />
        <BreakdownBars
          title="Connections by transport"
          items={[
            { label: "WebSocket", count: stats.transports.websocket },
            { label: "Long-polling", count: stats.transports.polling },
          ]}
        />
      </div>
      <p className="text-xs text-slate-600">{`Charts cover up to the last ${WINDOW_MS / 60_000} minutes of the readings this page has received (one every 2 s).`}</p>
    </div>
  );
}

/** 42 s, 6 min, 3 h 12 min, 2 d 4 h. */
function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
