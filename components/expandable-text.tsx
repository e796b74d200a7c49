"use client";

import { useState } from "react";

/** Longer than this and a text is clamped to three lines, with a button to read it all. */
const CLAMP_AFTER = 240;

/**
 * A text that may be long (a notification's body, an announcement): wrapped anywhere, so a
 * long unbroken word (a link, a code) cannot widen its box, and clamped to three lines
 * when long, with "Show more". The button's click goes no further (an inbox row reads itself
 * on click).
 */
export function ExpandableText({ text, className }: { text: string; className: string }) {
  const [open, setOpen] = useState(false);
  const long = text.length > CLAMP_AFTER;
  return (
    <>
      <p className={`${className} wrap-anywhere ${long && !open ? "line-clamp-3" : ""}`}>{text}</p>
      {long ? (
        <button
          type="button"
          aria-expanded={open}
          onClick={(event) => {
            event.stopPropagation();
            setOpen((now) => !now);
          }}
          className="mt-0.5 text-xs font-medium text-indigo-700 hover:underline"
        >
          {open ? "Show less" : "Show more"}
        </button>
      ) : null}
    </>
  );
}
