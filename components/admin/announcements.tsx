"use client";

import { useState } from "react";
import { ExpandableText } from "@/components/expandable-text";
import { utcTime } from "@/components/staff/utc-time";
import { useRealtimeEvent } from "@/hooks/use-realtime";
import type { SentAnnouncement } from "@/lib/domain/broadcasts";
import { AnnouncementComposer, audienceName, LEVELS } from "./announcement-composer";

/**
 * The composer and, under it, the announcements already sent, newest first (at most
 * `limit`): this admin's own as the server accepts them, and every admin's live
 * (`announcement:sent`, which reaches admins whoever the announcement was for).
 */
export function Announcements({ initial, limit }: { initial: SentAnnouncement[]; limit: number }) {
  const [sent, setSent] = useState(initial);
  const add = (announcement: SentAnnouncement) =>
    setSent((current) => [announcement, ...current.filter((a) => a.id !== announcement.id)].slice(0, limit));
  useRealtimeEvent("announcement:sent", ({ announcement }) => add(announcement));

  return (
    <div className="flex flex-col gap-6">
      <AnnouncementComposer onSent={add} />
      <div>
        <h3 className="mb-2 text-sm font-medium text-slate-900">Sent</h3>
        {sent.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing sent yet. Announcements appear here once sent.</p>
        ) : (
          <ol aria-label="Sent announcements, newest first" className="max-h-96 divide-y divide-slate-100 overflow-y-auto pr-1">
            {sent.map((a) => (
              <SentItem key={a.id} announcement={a} />
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}

function SentItem({ announcement: a }: { announcement: SentAnnouncement }) {
  const level = LEVELS.find((l) => l.value === a.level) ?? LEVELS[0];
  return (
    <li className="flex gap-3 py-2.5 text-sm">
      <level.Icon aria-hidden className={`mt-0.5 size-4 shrink-0 ${LEVEL_TONE[level.value]}`} />
      <div className="min-w-0 flex-1">
        <ExpandableText text={a.message} className="text-slate-800" />
        <p className="mt-0.5 text-xs text-slate-600">
          <span className="font-medium">{level.label}</span> · to {audienceName(a.roles ?? [])} · {a.author} ·{" "}
          <time dateTime={a.createdAt} className="tabular-nums">
            {utcTime(a.createdAt, { withDate: true })}
          </time>
        </p>
      </div>
    </li>
  );
}

const LEVEL_TONE = { info: "text-sky-700", warning: "text-amber-700", critical: "text-red-700" };
