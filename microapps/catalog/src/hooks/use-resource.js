// Loads data for the current inputs: aborts the previous request when they change or the view
// goes away, and offers retry() after a failure.
import { useCallback, useEffect, useState } from "htm/preact";

export function useResource(load, inputs) {
  const key = JSON.stringify(inputs);
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState({ key: null, status: "loading" });

  useEffect(() => {
    const controller = new AbortController();
    setResult({ key, status: "loading" });
    load(controller.signal).then(
      (data) => controller.signal.aborted || setResult({ key, status: "ready", data }),
      (error) => controller.signal.aborted || setResult({ key, status: "error", error }),
    );
    return () => controller.abort();
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  // Until the effect runs for new inputs, the old result belongs to other inputs: hide it.
  return result.key === key ? { ...result, retry } : { status: "loading", retry };
}
