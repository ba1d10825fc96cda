// Live preview for the company form: while a field changes, the form is sent to the preview
// endpoint, and the preview, the lint findings and each field's errors are replaced.
// Without this script, "Update preview" does the same with a page load.
(function () {
  "use strict";
  var form = document.getElementById("company-form");
  if (!form || !window.fetch || !window.FormData) return;
  var frame = document.querySelector(".preview iframe");
  var noPreview = document.querySelector(".preview .no-preview");
  var results = document.getElementById("results");
  var downloads = document.querySelector(".downloads");
  var status = form.querySelector(".status");
  var timer = null, sent = 0;

  function schedule(event) {
    if (event.target.type === "file") return;
    clearTimeout(timer);
    timer = setTimeout(update, 200);
  }

  function showErrors(fields) {
    form.querySelectorAll(".field-error").forEach(function (box) {
      var id = box.id.replace(/-error$/, "");
      var messages = fields[id] || [];
      box.textContent = "";
      messages.forEach(function (text) {
        var line = document.createElement("span");
        line.textContent = text;
        box.appendChild(line);
      });
      box.hidden = messages.length === 0;
      var input = document.getElementById(id);
      if (input && input.matches("input, select, textarea")) {
        if (messages.length) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
        var field = input.closest(".field");
        if (field) field.classList.toggle("invalid", messages.length > 0);
      }
    });
  }

  function keepScroll(url) {
    var y = 0;
    try { y = frame.contentWindow.scrollY; } catch (e) { y = 0; }
    frame.addEventListener("load", function restore() {
      frame.removeEventListener("load", restore);
      try { frame.contentWindow.scrollTo(0, y); } catch (e) { /* another origin: leave it */ }
    });
    frame.src = url;
  }

  function update() {
    var mine = ++sent;
    var data = new FormData(form);
    data.delete("company_file");
    status.textContent = "Updating the preview…";
    fetch(form.dataset.preview, {method: "POST", body: data, credentials: "same-origin",
                                 headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) throw new Error("the server answered " + response.status);
        return response.json();
      })
      .then(function (answer) {
        if (mine !== sent) return;  // a newer change is on its way
        results.innerHTML = answer.results;
        showErrors(answer.fields);
        var ok = Boolean(answer.preview);
        if (ok && frame.getAttribute("src") !== answer.preview) keepScroll(answer.preview);
        frame.hidden = !ok;
        noPreview.hidden = ok;
        downloads.hidden = !ok;
        status.textContent = ok ? "Preview updated." : "The form has problems: see the list.";
      })
      .catch(function (error) {
        if (mine === sent) status.textContent = "The preview could not be updated (" + error.message +
          "); press Update preview.";
      });
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);

  // "Show in preview": scroll the frame to the mark without reloading it
  results.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-mark]");
    if (!link) return;
    var doc = null;
    try { doc = frame.contentDocument; } catch (e) { doc = null; }
    var mark = doc && doc.getElementById(link.dataset.mark);
    if (!mark) return;  // follow the link: the frame loads the preview at the mark
    event.preventDefault();
    doc.querySelectorAll("mark.active").forEach(function (m) { m.classList.remove("active"); });
    mark.classList.add("active");
    mark.scrollIntoView({block: "center"});
  });
})();
