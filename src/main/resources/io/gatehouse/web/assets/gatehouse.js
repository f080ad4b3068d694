// Gatehouse pages: progressive enhancement only (copy and print on the recovery-codes page).
(function () {
  "use strict";

  function status(text) {
    var region = document.getElementById("gh-copy-status");
    if (region) {
      region.textContent = text;
    }
  }

  function codesText(list) {
    var items = list.querySelectorAll("li");
    var lines = [];
    for (var i = 0; i < items.length; i++) {
      lines.push(items[i].textContent.trim());
    }
    return lines.join("\n") + "\n";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var copy = document.querySelector("[data-gh-copy]");
    if (copy && navigator.clipboard && window.isSecureContext) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        var list = document.getElementById(copy.getAttribute("data-gh-copy"));
        navigator.clipboard.writeText(codesText(list)).then(
          function () { status(copy.getAttribute("data-gh-copied")); },
          function () { status(copy.getAttribute("data-gh-copy-failed")); });
      });
    }
    var print = document.querySelector("[data-gh-print]");
    if (print && typeof window.print === "function") {
      print.hidden = false;
      print.addEventListener("click", function () { window.print(); });
    }
  });
})();
