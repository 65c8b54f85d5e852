// Shows, under each markdown field in the admin, how the public site will render it.
// The server renders and sanitises; this script only asks and displays.
(function () {
  "use strict";

  function csrfToken(form) {
    const input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function attach(textarea) {
    const preview = document.createElement("div");
    preview.className = "markdown-preview";
    preview.setAttribute("aria-live", "polite");
    const label = document.createElement("p");
    label.className = "markdown-preview__label";
    label.textContent = "Preview, as readers will see it";
    const body = document.createElement("div");
    body.className = "markdown-preview__body";
    preview.append(label, body);
    textarea.insertAdjacentElement("afterend", preview);

    let timer = null;
    let latest = 0;
    async function refresh() {
      const asked = ++latest;
      const data = new FormData();
      data.append("text", textarea.value);
      try {
        const response = await fetch(textarea.dataset.markdownPreview, {
          method: "POST",
          body: data,
          headers: { "X-CSRFToken": csrfToken(textarea.form) },
          credentials: "same-origin",
        });
        const answer = await response.json();
        if (asked !== latest) return;
        if (answer.html !== undefined) {
          body.innerHTML = answer.html; // sanitised by the server's renderer
        } else {
          body.textContent = answer.error || "The preview is not available.";
        }
      } catch (error) {
        if (asked === latest) body.textContent = "The preview is not available.";
      }
    }
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    });
    if (textarea.value) refresh();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-markdown-preview]").forEach(attach);
  });
})();
