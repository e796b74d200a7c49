/** The dashboard's button looks, so every action of one kind looks the same. */
const BASE =
  "inline-flex items-center justify-center gap-1.5 rounded-lg px-3 py-2 text-sm font-semibold transition-colors disabled:cursor-not-allowed disabled:opacity-60 aria-disabled:cursor-not-allowed aria-disabled:opacity-60";

export const BUTTON = {
  primary: `${BASE} bg-indigo-600 text-white shadow-sm hover:bg-indigo-500 disabled:hover:bg-indigo-600`,
  secondary: `${BASE} bg-white text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:hover:bg-white`,
  danger: `${BASE} bg-red-600 text-white shadow-sm hover:bg-red-500`,
  /** A secondary toggle in its pressed state. */
  toggledOn: `${BASE} bg-indigo-50 text-indigo-800 ring-1 ring-inset ring-indigo-300 hover:bg-indigo-100`,
  quiet: `${BASE} text-slate-700 hover:bg-slate-100`,
  quietDanger: `${BASE} text-red-700 hover:bg-red-50`,
} as const;
