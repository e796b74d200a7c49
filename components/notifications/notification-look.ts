import { Banknote, CalendarCheck, CreditCard, Info, Megaphone, MessageSquare, type LucideIcon } from "lucide-react";
import type { NotificationPriority, NotificationType, NotificationView } from "@/lib/domain/notification-view";

/** How each kind of inbox item looks, in the panel and in toasts. */
export const TYPE_LOOK: Record<NotificationType, { Icon: LucideIcon; label: string; tint: string }> = {
  booking: { Icon: CalendarCheck, label: "Booking", tint: "bg-indigo-50 text-indigo-700" },
  payment: { Icon: CreditCard, label: "Payment", tint: "bg-emerald-50 text-emerald-700" },
  payout: { Icon: Banknote, label: "Payout", tint: "bg-teal-50 text-teal-700" },
  chat: { Icon: MessageSquare, label: "Message", tint: "bg-sky-50 text-sky-700" },
  system: { Icon: Info, label: "System", tint: "bg-slate-100 text-slate-700" },
  announcement: { Icon: Megaphone, label: "Announcement", tint: "bg-violet-50 text-violet-700" },
};

/**
 * Critical and high items carry a visible label (colour alone is not enough) and an accent
 * stripe; medium and low ones stay plain so the urgent ones stand out.
 */
export const PRIORITY_LOOK: Record<NotificationPriority, { label: string | null; chip: string; stripe: string }> = {
  critical: { label: "Critical", chip: "bg-red-600 text-white", stripe: "bg-red-600" },
  high: { label: "High", chip: "bg-amber-100 text-amber-900 ring-1 ring-inset ring-amber-600/30", stripe: "bg-amber-500" },
  medium: { label: null, chip: "", stripe: "bg-indigo-500" },
  low: { label: null, chip: "", stripe: "bg-slate-300" },
};

/** A known type's look; an unknown one (a newer server) looks like a system item. */
export function typeLook(type: string) {
  return TYPE_LOOK[type as NotificationType] ?? TYPE_LOOK.system;
}

const LEVEL_LABEL: Record<string, string> = { warning: "Warning", critical: "Critical" };

/**
 * An item's urgency as people read it: an announcement's own level ("Warning", as its
 * author chose it; info ones stay plain), any other item's priority.
 */
export function urgencyLook(item: Pick<NotificationView, "type" | "priority" | "data">) {
  const look = PRIORITY_LOOK[item.priority] ?? PRIORITY_LOOK.medium;
  if (item.type !== "announcement") return look;
  return { ...look, label: LEVEL_LABEL[String(item.data.level)] ?? null };
}
