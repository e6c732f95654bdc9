// Loads data once per key: aborts when the key changes or the view goes away; retry() loads again.
import { useCallback, useEffect, useState } from "htm/preact";

export function useResource(load, key, lifetime) {
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState({ status: "loading" });

  useEffect(() => {
    const controller = new AbortController();
    const signal = AbortSignal.any([controller.signal, lifetime]);
    setResult({ status: "loading" });
    load(signal).then(
      (data) => signal.aborted || setResult({ status: "ready", data }),
      (error) => signal.aborted || setResult({ status: "error", error }),
    );
    return () => controller.abort();
  }, [key, attempt]);

  return { ...result, retry: useCallback(() => setAttempt((n) => n + 1), []) };
}
