(function () {
  "use strict";
  var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-filter-severity]"));
  var search = document.getElementById("search");
  var rows = Array.prototype.slice.call(document.querySelectorAll("li.diag"));

  function apply() {
    var shown = {};
    boxes.forEach(function (box) { shown[box.value] = box.checked; });
    var query = search ? search.value.trim().toLowerCase() : "";
    rows.forEach(function (row) {
      var visible = shown[row.dataset.severity] !== false &&
        (!query || row.textContent.toLowerCase().indexOf(query) !== -1);
      row.hidden = !visible;
    });
  }
  boxes.forEach(function (box) { box.addEventListener("change", apply); });
  if (search) { search.addEventListener("input", apply); }

  function flash(element) {
    element.classList.add("flash");
    window.setTimeout(function () { element.classList.remove("flash"); }, 1400);
  }

  // A marked node leads to its first diagnostic.
  document.querySelectorAll("g.node[data-diag]").forEach(function (node) {
    function go() {
      var target = document.getElementById(node.dataset.diag);
      if (target) {
        target.hidden = false;
        target.scrollIntoView({ behavior: "smooth", block: "center" });
        flash(target);
      }
    }
    node.addEventListener("click", go);
    node.addEventListener("keydown", function (event) { if (event.key === "Enter") { go(); } });
  });

  // A diagnostic's location leads to its node in the graph.
  document.querySelectorAll("a.loc").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var node = document.getElementById(link.getAttribute("href").slice(1));
      if (!node) { return; }
      event.preventDefault();
      node.scrollIntoView({ behavior: "smooth", block: "center", inline: "center" });
      node.focus({ preventScroll: true });
    });
  });

  document.documentElement.dataset.ready = "true";
})();
