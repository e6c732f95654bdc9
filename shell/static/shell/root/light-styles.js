// Stylesheets of light-DOM apps ("isolation": "none"), scoped so they cannot restyle the shell.
//
// Such an app (or its helper: single-spa-css, a bundler's style loader, a UI kit) adds
// <style> and <link rel="stylesheet"> elements to document.head as it would on a page of its
// own. Each one is disabled as it arrives and applied instead as a constructed stylesheet
// whose style rules sit inside `@scope ([data-bz-scope])`: they reach the containers of
// light-DOM apps and what libraries portal to <body> (dialogs, menus, tooltips), never the
// shell's header, footer or the shadow roots of other apps. `:root` in an app's selectors
// means its own container (`:scope`), so custom properties it declares there still apply.
// @font-face, @keyframes and other rules that style no element stay as written. A sheet
// removed by the app (single-spa-css on unmount) is removed with its element.
//
// Not covered: rules an app inserts through the CSSOM (sheet.insertRule, as CSS-in-JS
// libraries do in production) are not seen; such apps should keep shadow-DOM isolation.
import { config } from "./page.js";

const SCOPE = "[data-bz-scope]";
const STYLED = "style, link[rel~='stylesheet']";

export function scopeLightDomStyles() {
  if (!config.apps.some((app) => app.isolation === "none")) return;
  // What is on the page before any app runs is the shell's.
  const shells = new Set([...document.head.querySelectorAll(STYLED), ...document.body.children]);
  const scoped = new Map(); // element -> its scoped CSSStyleSheet

  const replace = (element, sheet) => {
    const before = scoped.get(element);
    scoped.set(element, sheet);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets.filter((s) => s !== before), sheet];
  };
  const forget = (element) => {
    const sheet = scoped.get(element);
    scoped.delete(element);
    if (sheet) document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  };

  const take = (element) => {
    if (shells.has(element) || element.hasAttribute("data-bz-shell") || !element.matches(STYLED)) return;
    if (element.sheet) scopeSheetOf(element);
    if (element.localName === "link") element.addEventListener("load", () => scopeSheetOf(element));
  };

  const scopeSheetOf = async (element) => {
    const original = element.sheet;
    if (!original) return;
    let rules;
    try {
      rules = [...original.cssRules];
    } catch {
      // A sheet from another origin without CORS: read it over fetch instead.
      original.disabled = true;
      const text = await fetch(element.href).then((r) => r.text()).catch(() => "");
      const parsed = new CSSStyleSheet();
      parsed.replaceSync(text.replace(/@import[^;]+;/g, ""));
      rules = [...parsed.cssRules];
    }
    original.disabled = true;
    const sheet = new CSSStyleSheet(element.href ? { baseURL: element.href } : {});
    sheet.replaceSync(scopedText(rules));
    if (element.isConnected) replace(element, sheet);
  };

  new MutationObserver((records) => {
    for (const record of records) {
      const style = record.type === "characterData" ? record.target.parentElement : record.target;
      if (style !== document.head) {
        // A <style> of an app whose text changed has a new sheet: scope that one.
        if (scoped.has(style)) scopeSheetOf(style);
        continue;
      }
      for (const node of record.removedNodes) if (scoped.has(node)) forget(node);
      for (const node of record.addedNodes) if (node.nodeType === Node.ELEMENT_NODE) take(node);
    }
  }).observe(document.head, { childList: true, subtree: true, characterData: true });

  // What libraries of light-DOM apps portal to <body> is styled like the app's container.
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== Node.ELEMENT_NODE || shells.has(node) || node.hasAttribute("data-bz-shell")) continue;
        if (node.matches(STYLED)) take(node);
        else if (!node.hasAttribute("data-bz-scope")) node.dataset.bzScope = "portal";
      }
    }
  }).observe(document.body, { childList: true });
}

// The rules that style elements inside the app's scope; the others (@font-face, @keyframes,
// @property, @layer statements…) as they were.
function scopedText(rules) {
  const global = [];
  const inside = [];
  for (const rule of rules) {
    if (rule instanceof CSSStyleRule || rule instanceof CSSGroupingRule) {
      inside.push(rule.cssText.replace(/:root\b/g, ":scope"));
    } else {
      global.push(rule.cssText);
    }
  }
  return `${global.join("\n")}\n@scope (${SCOPE}) {\n${inside.join("\n")}\n}`;
}
