import { ChevronDown, type LucideIcon } from "lucide-react";

/** A button that shows and hides the panel whose id is `controls`; its chevron turns over while open. */
export function DisclosureButton({
  open,
  controls,
  onToggle,
  Icon,
  className,
  children,
}: {
  open: boolean;
  controls: string;
  onToggle: () => void;
  Icon: LucideIcon;
  className: string;
  children: React.ReactNode;
}) {
  return (
    <button type="button" aria-expanded={open} aria-controls={controls} onClick={onToggle} className={className}>
      <Icon aria-hidden className="size-4" />
      {children}
      <ChevronDown aria-hidden className={`size-4 transition-transform ${open ? "rotate-180" : ""}`} />
    </button>
  );
}
