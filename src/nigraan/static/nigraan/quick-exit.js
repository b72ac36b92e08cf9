/* Quick exit (public pages). Without JavaScript the button is a plain link to a neutral site.
   With it, the Nigraan page is replaced in this tab's history, so "Back" does not return to it.
   Esc pressed twice leaves too. No other script runs on these pages. */
(function () {
  "use strict";
  function leave(url) {
    document.documentElement.style.visibility = "hidden";
    window.location.replace(url);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.quick-exit") : null;
    if (!link) { return; }
    event.preventDefault();
    leave(link.href);
  });
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    var link = document.getElementById("quick-exit");
    if (link && now - lastEscape < 1000) { leave(link.href); }
    lastEscape = now;
  });
}());
