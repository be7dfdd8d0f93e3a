// The population upload: show the chosen file's name next to the (translated) picker button.
(function () {
  var input = document.querySelector(".file-pick input[type=file]");
  var name = document.querySelector(".file-name");
  if (!input || !name) { return; }
  input.addEventListener("change", function () {
    name.textContent = input.files.length ? input.files[0].name : name.getAttribute("data-none");
  });
})();
