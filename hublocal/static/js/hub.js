// Progressive enhancement only: every page works without JavaScript.
(function () {
  // The whole stylesheet arrives as media="print" so that it never holds up the first paint
  // (base.html inlines the critical rules); once it has loaded it applies to the screen too.
  var sheet = document.querySelector("link[data-full-stylesheet]");
  if (!sheet) { return; }
  function apply() { sheet.media = "all"; }
  if (sheet.sheet) { apply(); } else { sheet.addEventListener("load", apply); }
})();
