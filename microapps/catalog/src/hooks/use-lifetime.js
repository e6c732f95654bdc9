// Small timing hooks for components that start work which must not outlive them.
import { useEffect, useMemo, useState } from "htm/preact";

// An AbortSignal that fires when the component unmounts.
export function useLifetime() {
  const controller = useMemo(() => new AbortController(), []);
  useEffect(() => () => controller.abort(), [controller]);
  return controller.signal;
}

// False for the first `ms` after mounting, then true.
export function useAfter(ms) {
  const [passed, setPassed] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setPassed(true), ms);
    return () => clearTimeout(timer);
  }, [ms]);
  return passed;
}
