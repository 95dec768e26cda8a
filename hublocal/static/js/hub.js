// Progressive enhancement only: every page works without JavaScript.
document.addEventListener("change", function (event) {
  // Language selector submits itself when JavaScript is on (a button remains for the rest).
  var select = event.target.closest("select[data-autosubmit]");
  if (select) { select.form.submit(); }
});
