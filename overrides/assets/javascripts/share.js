// The share block's "copy link" button: copies the page's canonical address.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest(".copy-link");
  if (!button) return;
  var url = button.getAttribute("data-url");
  var done = function () {
    button.textContent = button.getAttribute("data-done") || button.textContent;
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(url).then(done);
  } else {
    var field = document.createElement("textarea");
    field.value = url;
    document.body.appendChild(field);
    field.select();
    document.execCommand("copy");
    document.body.removeChild(field);
    done();
  }
});
