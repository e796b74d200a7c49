import { FormError } from "../admin/field-error";
import { BUTTON } from "../client/button-styles";

/** The end of a profile form: its error (announced), its submit button, and its status line for success (announced politely). */
export function FormFooter({ form, label, busyLabel }: { form: { formError?: string; pending: boolean; status: string }; label: string; busyLabel: string }) {
  return (
    <>
      <FormError message={form.formError} />
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={form.pending} className={BUTTON.primary}>
          {form.pending ? busyLabel : label}
        </button>
        <p role="status" className="text-sm text-slate-600">
          {form.status}
        </p>
      </div>
    </>
  );
}
