// The shell's not-found panel, shown whenever no app owns the route.
import { checkActivityFunctions } from "single-spa";
import { onNavigate } from "@bazaar/platform";

export function showNotFoundWhenUnowned() {
  const notFound = document.querySelector("[data-not-found]");
  onNavigate(() => {
    const owned = checkActivityFunctions(window.location).length > 0;
    notFound.hidden = owned;
    if (!owned) document.title = "Page not found · Bazaar";
    document.body.dataset.route = owned ? "app" : "not-found";
  });
}
