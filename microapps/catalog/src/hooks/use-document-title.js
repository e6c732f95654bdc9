// The tab title follows the page; main.js restores the shell's title on unmount.
import { useEffect } from "htm/preact";

export function useDocumentTitle(title) {
  useEffect(() => {
    if (title) document.title = `${title} · Bazaar`;
  }, [title]);
}
