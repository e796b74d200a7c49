"use client";

import { useState } from "react";
import { api, type ApiResult } from "@/lib/api/browser";
import { fieldMessage } from "../field-message";

type Errors<F extends string> = Partial<Record<F, string>>;

/**
 * What the profile's forms share: errors under their fields (the first one focused, so a
 * keyboard or screen-reader user lands on it), an error for the whole form, a status line
 * for success, and sending to the API with its field errors shown where they belong.
 */
export function useAccountForm<F extends string>(fields: readonly F[]) {
  const [errors, setErrors] = useState<Errors<F>>({});
  const [formError, setFormError] = useState<string>();
  const [status, setStatus] = useState("");
  const [pending, setPending] = useState(false);

  /** A field's error goes as soon as it is edited. */
  const edited = (field: F) => () => setErrors((current) => (current[field] ? { ...current, [field]: undefined } : current));

  function showErrors(found: Errors<F>, message?: string) {
    setErrors(found);
    setFormError(message);
    setStatus("");
    const first = fields.find((field) => found[field]);
    if (first) document.getElementById(first)?.focus();
  }

  /** Sends the form; null (with the errors shown) when it was refused. */
  async function send<T extends object>(path: string, method: string, body: unknown): Promise<Extract<ApiResult<T>, { ok: true }> | null> {
    showErrors({});
    setPending(true);
    const result = await api<T>(path, { method, body });
    setPending(false);
    if (result.ok) return result;
    const field = fields.find((name) => name === result.error.field);
    if (field) showErrors({ [field]: fieldMessage(result.error) } as Errors<F>);
    else showErrors({}, result.error.message);
    return null;
  }

  return { errors, formError, status, setStatus, pending, edited, showErrors, send };
}
