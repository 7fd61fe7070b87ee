// Start Pagefind's search box on the search page; a query in the URL (?q=...) is run at once.
(function () {
  var mount = document.getElementById("search");
  if (!mount || typeof PagefindUI === "undefined") return;
  var ui = new PagefindUI({
    element: "#search",
    showSubResults: false,
    showImages: false,
    translations: { placeholder: mount.getAttribute("data-placeholder") || "" },
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
