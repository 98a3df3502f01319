// The comment form of a cached page carries no CSRF token (the page is shared by every reader):
// fetch one for this browser when the reader starts writing, or at the latest on sending.
// Without this script the first send is refused gently with the text kept, and the form it
// comes back in carries a token.
(function () {
  "use strict";
  document.querySelectorAll("form[data-csrf-url]").forEach(function (form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    var pending = null;
    function fetchToken() {
      if (!pending) {
        pending = fetch(form.dataset.csrfUrl, { credentials: "same-origin", cache: "no-store" })
          .then(function (response) { return response.json(); })
          .then(function (data) { input.value = data.token; })
          .catch(function () { pending = null; });
      }
      return pending;
    }
    form.addEventListener("focusin", fetchToken, { once: true });
    form.addEventListener("submit", function (event) {
      if (input.value) return;
      event.preventDefault();
      fetchToken().then(function () { form.submit(); });
    });
  });
})();
