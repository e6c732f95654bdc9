// Styles for a micro-app's shadow root. Design tokens (--bz-*) come from the shell's :root
// and inherit into every shadow root; everything else stays inside the app.
const sheets = new Map();

export function adoptStyles(domElement, cssText) {
  const root = domElement.getRootNode();
  let sheet = sheets.get(cssText);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(cssText);
    sheets.set(cssText, sheet);
  }
  if (root instanceof ShadowRoot && !root.adoptedStyleSheets.includes(sheet)) {
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }
  return () => {
    if (root instanceof ShadowRoot) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
  };
}
