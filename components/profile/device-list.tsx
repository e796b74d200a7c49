import { KeyRound, Monitor, Smartphone } from "lucide-react";
import type { DeviceStatus, DeviceView } from "@/lib/auth/sign-ins";
import { LocalTime } from "../client/local-time";
import { describeUserAgent, isMobileAgent } from "./user-agent";

const STATUS_TEXT: Record<DeviceStatus, string> = { active: "Signed in", "signed-out": "Signed out", expired: "Expired" };

/**
 * The person's sign-ins, newest first: what signed in (browser and system, or an app or
 * script with a token), when, from which address, and whether it still is; this browser's
 * own row is marked. Ended ones are shown dimmed, so a sign-out everywhere can be seen to
 * have worked.
 */
export function DeviceList({ devices }: { devices: DeviceView[] }) {
  if (devices.length === 0) return <p className="text-sm text-slate-600">No sign-ins in the last day.</p>;
  return (
    <ul aria-label="Signed-in devices" className="divide-y divide-slate-100 rounded-xl ring-1 ring-slate-200">
      {devices.map((device) => {
        const Icon = device.method === "token" ? KeyRound : isMobileAgent(device.userAgent) ? Smartphone : Monitor;
        const ended = device.status !== "active";
        return (
          <li key={device.id} data-device={device.id} className="flex items-start gap-3 px-4 py-3 text-sm">
            <span className={`mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-full ${ended ? "bg-slate-100 text-slate-500" : "bg-indigo-50 text-indigo-700"}`}>
              <Icon aria-hidden className="size-4" />
            </span>
            <div className="min-w-0 flex-1">
              <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <span className={`font-medium ${ended ? "text-slate-600" : "text-slate-900"}`} title={device.userAgent || undefined}>
                  {describeUserAgent(device.userAgent)}
                  {device.method === "token" ? " (API token)" : ""}
                </span>
                {device.current ? <span className="rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-800 ring-1 ring-inset ring-indigo-200">This device</span> : null}
                <span
                  className={`rounded-full px-2 py-0.5 text-xs font-medium ${ended ? "bg-slate-100 text-slate-700" : "bg-emerald-50 text-emerald-800 ring-1 ring-inset ring-emerald-200"}`}
                >
                  {STATUS_TEXT[device.status]}
                </span>
              </p>
              <p className="mt-0.5 break-words text-slate-600">
                <LocalTime iso={device.signedInAt} /> · from {device.address}
              </p>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
