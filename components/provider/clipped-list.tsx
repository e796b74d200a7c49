"use client";

import { useState } from "react";

/** A list that shows its first `limit` items and a button for the rest. */
export function ClippedList<T extends { id: string }>({
  items,
  limit,
  noun,
  label,
  className,
  children,
}: {
  items: T[];
  limit: number;
  /** What the items are, plural, for the button: "Show all 14 payouts". */
  noun: string;
  label?: string;
  className?: string;
  children: (item: T) => React.ReactNode;
}) {
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? items : items.slice(0, limit);
  return (
    <>
      <ul aria-label={label} className={className}>
        {shown.map((item) => (
          <li key={item.id}>{children(item)}</li>
        ))}
      </ul>
      {items.length > limit ? (
        <button
          type="button"
          onClick={() => setExpanded(!expanded)}
          className="mt-3 min-h-10 rounded-lg px-3 text-sm font-medium text-indigo-700 hover:bg-indigo-50"
        >
          {expanded ? "Show fewer" : `Show all ${items.length} ${noun}`}
        </button>
      ) : null}
    </>
  );
}
