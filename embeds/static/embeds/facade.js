// An embed stays a facade (local thumbnail, title, link) until the reader presses play: only then
// is the provider's iframe made, sandboxed, from the address the server put on the button (the
// server builds it from its allowlist; the page's frame-src refuses any other origin anyway).
(() => {
  "use strict";
  const SANDBOX = "allow-scripts allow-same-origin allow-presentation allow-popups";
  const ALLOW = "autoplay; encrypted-media; fullscreen; picture-in-picture";

  function play(button) {
    const src = button.dataset.embedSrc;
    if (!/^https?:\/\//.test(src)) return;
    const iframe = document.createElement("iframe");
    iframe.src = src;
    iframe.title = button.dataset.embedTitle || "";
    iframe.setAttribute("sandbox", SANDBOX);
    iframe.setAttribute("allow", ALLOW);
    iframe.setAttribute("allowfullscreen", "");
    iframe.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    iframe.className = "embed__iframe";
    const frame = button.closest(".embed__frame");
    frame.replaceChildren(iframe);
    frame.classList.add("embed__frame--playing");
    iframe.focus();
  }

  function start() {
    for (const button of document.querySelectorAll(".embed__play[data-embed-src]")) {
      button.hidden = false;
      button.addEventListener("click", () => play(button), { once: true });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
