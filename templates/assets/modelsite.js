/* modelsite's script. Material's `document$` (its documented hook, which also fires after each
   instant navigation: https://squidfunk.github.io/mkdocs-material/customization/#additional-javascript)
   runs `onPage` for every page shown; without Material, DOMContentLoaded does. */
(function () {
  /* Make every table and code block that scrolls sideways a focusable, named region, so
     keyboard users can scroll it (axe: scrollable-region-focusable). Material wraps tables in
     `.md-typeset__scrollwrap` when a page loads. */
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

  /* Diagrams: `div.ms-mermaid` holds a Mermaid source (modelsite's ```mermaid fences). The
     3.5 MB Mermaid library (assets/mermaid.min.js, next to this file) is loaded only on a page
     that has one, once the diagram comes near the screen; it is drawn in the page's colour
     scheme (again when the reader switches it) and top-down on a narrow screen, so that its
     labels keep their size instead of shrinking to fit a phone. */
  var here = document.currentScript && document.currentScript.src;
  var library = null;
  var NARROW = 600;

  function loadMermaid() {
    if (!library) {
      library = new Promise(function (resolve, reject) {
        if (window.mermaid && window.mermaid.render) {
          resolve(window.mermaid);
          return;
        }
        var script = document.createElement("script");
        script.src = new URL("mermaid.min.js", here || document.baseURI).href;
        script.onload = function () {
          resolve(window.mermaid);
        };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return library;
  }

  function dark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  function source(node) {
    var text = node.getAttribute("data-ms-source");
    if (text === null) {
      text = node.textContent;
      node.setAttribute("data-ms-source", text);
    }
    if (window.innerWidth < NARROW) {
      text = text.replace(/^(\s*(?:flowchart|graph))\s+LR\b/, "$1 TB");
    }
    return text;
  }

  var counter = 0;
  function draw(node) {
    return loadMermaid().then(function (mermaid) {
      mermaid.initialize({
        startOnLoad: false,
        theme: dark() ? "dark" : "default",
        securityLevel: "strict",
        fontFamily: "inherit",
      });
      counter += 1;
      return mermaid.render("ms-mermaid-" + counter, source(node)).then(function (out) {
        node.innerHTML = out.svg;
        node.setAttribute("data-ms-drawn", dark() ? "dark" : "light");
      });
    });
  }

  function drawAll(nodes) {
    /* one at a time: mermaid.render is not re-entrant */
    return nodes.reduce(function (done, node) {
      return done.then(function () {
        return draw(node);
      });
    }, Promise.resolve());
  }

  function diagrams() {
    var nodes = Array.prototype.slice.call(document.querySelectorAll("div.ms-mermaid"));
    if (!nodes.length) return;
    if (!("IntersectionObserver" in window)) {
      drawAll(nodes);
      return;
    }
    var observer = new IntersectionObserver(
      function (entries) {
        var near = entries.filter(function (e) {
          return e.isIntersecting;
        });
        near.forEach(function (e) {
          observer.unobserve(e.target);
        });
        if (near.length) {
          drawAll(
            near.map(function (e) {
              return e.target;
            }),
          );
        }
      },
      { rootMargin: "400px" },
    );
    nodes.forEach(function (node) {
      observer.observe(node);
    });
  }

  /* redraw the drawn diagrams when the reader switches the colour scheme */
  new MutationObserver(function () {
    var scheme = dark() ? "dark" : "light";
    var stale = Array.prototype.filter.call(
      document.querySelectorAll("div.ms-mermaid[data-ms-drawn]"),
      function (node) {
        return node.getAttribute("data-ms-drawn") !== scheme;
      },
    );
    if (stale.length) drawAll(stale);
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  function onPage() {
    label();
    diagrams();
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
