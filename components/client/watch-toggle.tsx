"use client";

import { useState } from "react";
import { BellPlus, BellRing, LoaderCircle } from "lucide-react";
import toast from "react-hot-toast";
import { api } from "@/lib/api/browser";
import { BUTTON } from "./button-styles";

/**
 * "Notify me when a spot opens" on a full service: a toggle that starts or stops a watch.
 * The server refuses a watch when a unit is free (SERVICE_AVAILABLE): that is good news,
 * said as such.
 */
export function WatchToggle({
  service,
  watching,
  onChange,
}: {
  service: { id: string; title: string };
  watching: boolean;
  onChange: (watching: boolean) => void;
}) {
  const [pending, setPending] = useState(false);

  async function toggle() {
    if (pending) return;
    setPending(true);
    const result = await api<{ watching: boolean }>(`/api/services/${service.id}/watch`, { method: watching ? "DELETE" : "POST" });
    setPending(false);
    if (result.ok) onChange(result.watching);
    else if (result.error.code === "SERVICE_AVAILABLE") toast.success(`A spot at ${service.title} just opened: book it now`);
    else toast.error(result.error.message);
  }

  const Icon = pending ? LoaderCircle : watching ? BellRing : BellPlus;
  return (
    <div className="flex flex-col gap-1">
      <button
        type="button"
        aria-pressed={watching}
        // aria-disabled, not disabled: a disabled button drops the keyboard focus.
        aria-disabled={pending}
        onClick={() => void toggle()}
        className={watching ? BUTTON.toggledOn : BUTTON.secondary}
      >
        <Icon aria-hidden className={`size-4 ${pending ? "animate-spin" : ""}`} />
        Notify me
        <span className="sr-only"> when a spot opens at {service.title}</span>
      </button>
      {watching ? <p className="text-xs text-slate-600">We will tell you each time a spot opens, until you book or turn this off.</p> : null}
    </div>
  );
}
