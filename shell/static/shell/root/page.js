// What the shell's page gives the root config: the registry revision it was rendered with (apps,
// mount points, timeouts: the JSON in #bazaar-config), the main region apps mount into, and who
// is signed in. Read once, when the root config loads.
import { currentUser } from "@bazaar/platform";

export const config = JSON.parse(document.getElementById("bazaar-config").textContent);
export const main = document.querySelector("[data-region=main]");
export const user = currentUser();
