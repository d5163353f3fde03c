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
    document.querySelectorAll("div.ms-mermaid").forEach(function (diagram) {
      if (!diagram.hasAttribute("tabindex")) {
        diagram.setAttribute("tabindex", "0");
        diagram.setAttribute("role", "region");
        diagram.setAttribute("aria-label", "Diagram (scrolls sideways when wider than the page)");
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
     scheme (again when the reader switches it), and transposed (top-down) where the width
     would shrink its labels under 11 px, as on a phone. */
  var here = document.currentScript && document.currentScript.src;
  var library = null;

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

  function source(node, transposed) {
    var text = node.getAttribute("data-ms-source");
    if (text === null) {
      text = node.textContent;
      node.setAttribute("data-ms-source", text);
    }
    if (transposed) {
      /* the chain runs down the screen, side-by-side branches are stacked */
      text = text.replace(/^(\s*(?:flowchart|graph|direction))\s+(LR|TB)\b/gm, function (m, k, d) {
        return k + (d === "LR" ? " TB" : " LR");
      });
    }
    return text;
  }

  /* the smallest label of a drawn diagram, in CSS pixels on the screen */
  function smallestLabel(node) {
    var svg = node.querySelector("svg");
    var box = svg && svg.viewBox && svg.viewBox.baseVal;
    if (!box || !box.width) return Infinity;
    var scale = svg.getBoundingClientRect().width / box.width;
    var sizes = Array.prototype.map.call(svg.querySelectorAll(".nodeLabel, .edgeLabel, text"), function (l) {
      return parseFloat(getComputedStyle(l).fontSize) * scale;
    });
    return sizes.length ? Math.min.apply(null, sizes) : Infinity;
  }

  var counter = 0;
  function render(node, mermaid, transposed) {
    mermaid.initialize({
      startOnLoad: false,
      theme: dark() ? "dark" : "default",
      securityLevel: "strict",
      fontFamily: "inherit",
    });
    counter += 1;
    return mermaid.render("ms-mermaid-" + counter, source(node, transposed)).then(function (out) {
      node.innerHTML = out.svg;
      node.setAttribute("data-ms-drawn", dark() ? "dark" : "light");
      node.setAttribute("data-ms-layout", transposed ? "transposed" : "as-written");
    });
  }

  /* As written (left to right) when its labels stay at least MIN_LABEL px; else transposed,
     which is narrow enough for a phone. */
  var MIN_LABEL = 11;
  function draw(node) {
    return loadMermaid().then(function (mermaid) {
      var known = node.getAttribute("data-ms-layout");
      if (known) return render(node, mermaid, known === "transposed");
      return render(node, mermaid, false).then(function () {
        if (smallestLabel(node) < MIN_LABEL) return render(node, mermaid, true);
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
      { rootMargin: "0px" },
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

  /* after the page's first tasks (Material's own setup), in an idle moment: nothing here is
     needed for the first paint, and a phone's main thread is busy enough while it loads */
  var later =
    window.requestIdleCallback ||
    function (fn) {
      return setTimeout(fn, 1);
    };
  function onPage() {
    later(function () {
      label();
      diagrams();
    }, { timeout: 2000 });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
