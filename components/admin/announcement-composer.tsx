"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import toast from "react-hot-toast";
import { Info, Megaphone, OctagonAlert, TriangleAlert } from "lucide-react";
import { fieldMessage } from "@/components/field-message";
import { api } from "@/lib/api/browser";
import type { Role } from "@/lib/auth/identity";
import type { SentAnnouncement } from "@/lib/domain/broadcasts";
import { FieldError, FormError } from "./field-error";

type Level = "info" | "warning" | "critical";
type Field = "message" | "level" | "roles";

const MAX_LENGTH = 1000;

export const LEVELS: { value: Level; label: string; Icon: typeof Info; checked: string }[] = [
  { value: "info", label: "Info", Icon: Info, checked: "has-[:checked]:border-sky-600 has-[:checked]:bg-sky-50 has-[:checked]:text-sky-900" },
  { value: "warning", label: "Warning", Icon: TriangleAlert, checked: "has-[:checked]:border-amber-600 has-[:checked]:bg-amber-50 has-[:checked]:text-amber-900" },
  { value: "critical", label: "Critical", Icon: OctagonAlert, checked: "has-[:checked]:border-red-600 has-[:checked]:bg-red-50 has-[:checked]:text-red-900" },
];

const AUDIENCES: { role: Role; label: string }[] = [
  { role: "CLIENT", label: "Clients" },
  { role: "PROVIDER", label: "Providers" },
  { role: "STAFF", label: "Staff" },
  { role: "ADMIN", label: "Admins" },
];

/**
 * Writes an announcement (message, level, optionally only some roles) and sends it with
 * POST /api/realtime/announcement; the server's field errors show under their fields.
 * `onSent` gets what was sent.
 */
export function AnnouncementComposer({ onSent }: { onSent: (announcement: SentAnnouncement) => void }) {
  const id = useId();
  const messageInput = useRef<HTMLTextAreaElement>(null);
  const [message, setMessage] = useState("");
  const [level, setLevel] = useState<Level>("info");
  const [roles, setRoles] = useState<Role[]>([]);
  const [errors, setErrors] = useState<Partial<Record<Field | "form", string>>>({});
  const [sending, setSending] = useState(false);
  const audience = audienceName(roles);

  async function send(event: FormEvent) {
    event.preventDefault();
    setSending(true);
    const result = await api<{ announcement: SentAnnouncement }>("/api/realtime/announcement", {
      method: "POST",
      body: { message, level, ...(roles.length ? { roles } : {}) },
    });
    setSending(false);
    if (!result.ok) {
      const field = result.error.field?.split(".")[0];
      const known = field === "message" || field === "level" || field === "roles";
      setErrors({ [known ? field : "form"]: known ? fieldMessage(result.error) : result.error.message });
      if (field === "message") messageInput.current?.focus();
      return;
    }
    setErrors({});
    setMessage("");
    setLevel("info");
    setRoles([]);
    toast.success(`Announcement sent to ${audience}`);
    onSent(result.announcement);
  }

  const described = (field: Field, ...others: string[]) => [...others, errors[field] ? `${id}-${field}-error` : ""].filter(Boolean).join(" ") || undefined;

  return (
    <form onSubmit={send} noValidate aria-label="Announcement" className="flex flex-col gap-4">
      <div>
        <label htmlFor={`${id}-message`} className="mb-1 block text-sm font-medium text-slate-900">
          Message
        </label>
        <textarea
          ref={messageInput}
          id={`${id}-message`}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          rows={3}
          maxLength={MAX_LENGTH}
          aria-invalid={errors.message ? true : undefined}
          aria-describedby={described("message", `${id}-count`)}
          placeholder="For example: scheduled maintenance tonight from 22:00 UTC; bookings stay safe."
          className="block w-full resize-y rounded-lg border border-slate-300 px-3 py-2 text-sm placeholder:text-slate-500 focus:border-indigo-600 focus:outline-none focus:ring-2 focus:ring-indigo-600/20 aria-[invalid=true]:border-red-600"
        />
        <div className="mt-1 flex justify-between gap-3 text-xs">
          <FieldError id={`${id}-message-error`} message={errors.message} />
          <span id={`${id}-count`} className="ml-auto tabular-nums text-slate-600">
            {message.length} / {MAX_LENGTH}
          </span>
        </div>
      </div>

      <fieldset aria-describedby={described("level")}>
        <legend className="mb-1 text-sm font-medium text-slate-900">Level</legend>
        <div className="grid grid-cols-3 gap-2">
          {LEVELS.map(({ value, label, Icon, checked }) => (
            <label
              key={value}
              className={`flex cursor-pointer items-center justify-center gap-1.5 rounded-lg border border-slate-300 px-2 py-2 text-sm text-slate-700 hover:bg-slate-50 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-600 ${checked}`}
            >
              <input type="radio" name={`${id}-level`} value={value} checked={level === value} onChange={() => setLevel(value)} className="sr-only" />
              <Icon aria-hidden className="size-4" />
              {label}
            </label>
          ))}
        </div>
        <FieldError id={`${id}-level-error`} message={errors.level} />
      </fieldset>

      <fieldset aria-describedby={described("roles", `${id}-roles-hint`)}>
        <legend className="mb-1 text-sm font-medium text-slate-900">Audience</legend>
        <p id={`${id}-roles-hint`} className="mb-2 text-xs text-slate-600">
          Leave every role unticked to reach everyone.
        </p>
        <div className="flex flex-wrap gap-x-5 gap-y-2">
          {AUDIENCES.map(({ role, label }) => (
            <label key={role} className="flex items-center gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                checked={roles.includes(role)}
                onChange={(e) => setRoles((current) => (e.target.checked ? [...current, role] : current.filter((r) => r !== role)))}
                className="size-4 rounded border-slate-300 accent-indigo-600"
              />
              {label}
            </label>
          ))}
        </div>
        <FieldError id={`${id}-roles-error`} message={errors.roles} />
      </fieldset>

      <FormError message={errors.form} />

      <button
        type="submit"
        disabled={sending}
        className="flex items-center justify-center gap-2 self-start rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:cursor-wait disabled:opacity-70"
      >
        <Megaphone aria-hidden className="size-4" />
        {sending ? "Sending…" : `Send to ${audience}`}
      </button>
    </form>
  );
}

/** "everyone", "clients", "clients and providers", "clients, providers and staff". */
export function audienceName(roles: Role[]): string {
  if (roles.length === 0) return "everyone";
  const names = AUDIENCES.filter((a) => roles.includes(a.role)).map((a) => a.label.toLowerCase());
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
