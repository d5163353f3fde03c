/* modelsite: make every table and code block that scrolls sideways a focusable, named region, so keyboard
   users can scroll it (axe: scrollable-region-focusable). Material wraps tables in
   `.md-typeset__scrollwrap` when a page loads; `document$` is Material's documented hook
   (https://squidfunk.github.io/mkdocs-material/customization/#additional-javascript). */
(function () {
  function label() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (!wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Table (scrolls sideways)");
      }
    });
    document.querySelectorAll(".md-typeset pre > code").forEach(function (code) {
      if (!code.hasAttribute("tabindex")) {
        code.setAttribute("tabindex", "0");
      }
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(label);
  } else {
    document.addEventListener("DOMContentLoaded", label);
  }
})();
