// Keep the article form's publish checklist up to date while the editor types.
// Progressive enhancement: without this script the checklist shows the last saved state.
function startLiveChecklist() {
  "use strict";
  var box = document.querySelector("[data-publish-checklist]");
  if (!box || !window.fetch || !window.FormData) {
    return;
  }
  var form = box.closest("form");
  var timer = null;
  var pending = null;

  function refresh() {
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    fetch(box.getAttribute("data-publish-checklist"), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      signal: pending.signal
    })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html !== null) {
          box.innerHTML = html;
        }
      })
      .catch(function () {
        // A failed refresh leaves the previous checklist in place.
      });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 600);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  refresh();
}

// The admin loads form scripts in the page's head, before the form exists.
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", startLiveChecklist);
} else {
  startLiveChecklist();
}
