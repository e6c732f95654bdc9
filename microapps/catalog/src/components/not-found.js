// The catalog's page for a path, product or category that is not there, with ways back in.
import { html } from "htm/preact";
import { EmptyState } from "@bazaar/platform";
import { listUrl } from "../routes.js";

export function NotFound({ title = "We couldn't find that page", message }) {
  return html`
    <${EmptyState} page testId="catalog-not-found" icon="404" title=${title}
      message=${message || "It may have moved, or the link may be mistyped."}>
      <p class="actions">
        <a class="btn btn--primary" href=${listUrl()}>Browse all products</a>
        <a class="btn btn--ghost" href="/">Back to home</a>
      </p>
    </${EmptyState}>`;
}
