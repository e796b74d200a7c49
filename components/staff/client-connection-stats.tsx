import { Archive, RefreshCw, Timer, Waves } from "lucide-react";
import type { StatsSample } from "./live-stats";
import { Sparkline } from "./sparkline";
import { PercentileTile, Tile } from "./stat-tile";
import { utcTime } from "./utc-time";

/**
 * How browsers' connections are going, from what they report (`metrics:report`) over the
 * last minute: time to connect, reconnection attempts, who is on polling; and what the
 * retention clean-up last removed.
 */
export function ClientConnectionStats({ samples, windowMs }: { samples: StatsSample[]; windowMs: number }) {
  const { clients, retention } = samples[samples.length - 1].stats;
  const times = samples.map((s) => s.at);
  const removed = Object.values(retention.removedTotal).reduce((sum, n) => sum + n, 0);

  return (
    <dl aria-label="Browsers' connections" className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      <PercentileTile
        Icon={Timer}
        label="Connect time p95"
        chartLabel="Time to connect"
        times={times}
        windowMs={windowMs}
        readings={samples.map((s) => s.stats.clients.connectMs)}
        hue="sky"
      />
      <Tile
        Icon={RefreshCw}
        label="Reconnects per min"
        value={clients.reconnectsPerMinute}
        detail={`${clients.transportChangesPerMinute} transport ${clients.transportChangesPerMinute === 1 ? "change" : "changes"} · ${clients.reports} ${clients.reports === 1 ? "report" : "reports"}`}
      >
        <Sparkline
          label="Reconnects per minute"
          times={times}
          windowMs={windowMs}
          series={[
            { name: "reconnects per minute", values: samples.map((s) => s.stats.clients.reconnectsPerMinute), lineClassName: "stroke-rose-600", areaClassName: "fill-rose-600/10" },
          ]}
        />
      </Tile>
      <Tile
        Icon={Waves}
        label="On polling"
        value={`${Math.round(clients.pollingShare * 100)}%`}
        detail={`${clients.pollingClients} of ${clients.totalClients} ${clients.totalClients === 1 ? "client" : "clients"} · ${clients.pollingRoundsPerMinute} polls/min`}
      >
        <Sparkline
          label="Share of clients on polling"
          unit="%"
          times={times}
          windowMs={windowMs}
          series={[
            { name: "on polling", values: samples.map((s) => Math.round(s.stats.clients.pollingShare * 100)), lineClassName: "stroke-violet-600", areaClassName: "fill-violet-600/10" },
          ]}
        />
      </Tile>
      <Tile Icon={Archive} label="Clean-up" value={`${removed} removed`} detail={retention.lastRunAt ? `Last run ${utcTime(retention.lastRunAt)}` : "Not run yet"}>
        <p className="text-xs text-slate-600">
          {`${retention.lastRemoved.events} events, ${retention.lastRemoved.sessions} sessions, ${retention.lastRemoved.activity} activity, ${retention.lastRemoved.notifications} notices last time`}
        </p>
      </Tile>
    </dl>
  );
}
