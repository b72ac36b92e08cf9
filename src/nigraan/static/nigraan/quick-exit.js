/* Quick exit (public pages), the only script on them. Without JavaScript the button is a plain
   link to a neutral site, and every page and form works as before.

   With JavaScript, a visit to Nigraan keeps ONE entry in this tab's history, whatever the number
   of pages and form steps, so quick exit (which replaces that entry) leaves no Nigraan page
   behind "Back":
   - a link to another public page replaces the current entry instead of adding one;
   - a form is sent in the background and its answer shown in place of the page (a redirect's
     address is put on the same entry);
   - quick exit replaces the entry with the neutral site (location.replace). Esc twice leaves too.
   What the tab held before the visit (a search for "report abuse") is beyond any page's reach:
   the safety page says so. Staff pages do not load this script. */
(function () {
  "use strict";
  var PUBLIC_PREFIX = /^\/(en|ur)\/(report|safety|follow-up|transparency|figures|alerts)\//;

  function leave(url) {
    document.documentElement.style.visibility = "hidden";
    window.location.replace(url);
  }

  function samePublicPage(link) {
    return link.origin === window.location.origin && PUBLIC_PREFIX.test(link.pathname) &&
      !link.hasAttribute("download") && !link.target && link.pathname.slice(-5) !== ".json";
  }

  function show(html, address) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    document.title = fresh.title;
    document.documentElement.replaceWith(document.adoptNode(fresh.documentElement));
    if (address !== window.location.href) {
      window.history.replaceState(null, "", address);
    }
    window.scrollTo(0, 0);
    var focus = document.querySelector(".field-error, [role=alert], h1");
    if (focus) {
      focus.setAttribute("tabindex", "-1");
      focus.focus();
    }
    document.documentElement.setAttribute("data-shown-in-place", String(Date.now()));
  }

  function sendInPlace(form, submitter) {
    var body = new FormData(form);
    if (submitter && submitter.name) {
      body.append(submitter.name, submitter.value);
    }
    window.fetch(form.action, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("text/html") !== 0) { throw new Error("not a page"); }
        return response.text().then(function (html) { show(html, response.url); });
      })
      .catch(function () { form.submit(); }); /* the ordinary way, should anything fail */
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey ||
        event.metaKey || event.shiftKey) { return; }
    if (link.classList.contains("quick-exit")) {
      event.preventDefault();
      leave(link.href);
    } else if (samePublicPage(link)) {
      event.preventDefault();
      window.location.replace(link.href);
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.method !== "post" || !window.fetch || !window.FormData || !window.DOMParser ||
        new URL(form.action).origin !== window.location.origin) { return; }
    event.preventDefault();
    sendInPlace(form, event.submitter);
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
