// While someone works on an admin page (typing in the editor sends no request), tell the server
// every so often, so the idle sign-out only ends sessions nobody is using. If the session has
// ended anyway, say so at once, before the work is submitted and lost.
(function () {
  "use strict";
  var script = document.currentScript;
  var busy = false;
  var warned = false;
  ["input", "keydown", "pointerdown"].forEach(function (type) {
    document.addEventListener(type, function () { busy = true; }, { passive: true, capture: true });
  });
  function warn() {
    if (warned) { return; }
    warned = true;
    var note = document.createElement("p");
    note.className = "errornote";
    note.setAttribute("role", "alert");
    note.textContent = script.dataset.expired;
    var content = document.getElementById("content") || document.body;
    content.insertBefore(note, content.firstChild);
  }
  window.setInterval(function () {
    if (!busy) { return; }
    busy = false;
    fetch(script.dataset.url, { credentials: "same-origin", redirect: "manual", cache: "no-store" })
      .then(function (response) { if (response.status !== 204) { warn(); } })
      .catch(function () { /* offline for a moment: the next beat tries again */ });
  }, Number(script.dataset.intervalSeconds) * 1000);
})();
