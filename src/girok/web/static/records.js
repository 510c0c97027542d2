// Record forms: vocabulary pickers that find an entry from any spelling, and "add another" for lists.
// The form works without this script (type the id); the script only helps to find it.
"use strict";
(function () {
  const form = document.querySelector("form.record-form");
  if (!form) return;
  const findUrl = form.dataset.findUrl;

  function debounce(fn, ms) {
    let timer = null;
    return function (...args) {
      clearTimeout(timer);
      timer = setTimeout(() => fn.apply(this, args), ms);
    };
  }

  function picker(input) {
    const row = input.closest(".value-row");
    const label = row.querySelector(".vocab-label");
    const search = document.createElement("input");
    search.type = "search";
    search.className = "vocab-search";
    search.placeholder = form.dataset.searchLabel;
    search.setAttribute("aria-label", form.dataset.searchLabel);
    search.setAttribute("autocomplete", "off");
    const list = document.createElement("ul");
    list.className = "vocab-results hidden";
    list.setAttribute("role", "listbox");
    row.insertBefore(search, input);
    row.appendChild(list);

    function choose(match) {
      input.value = match.id;
      if (label) label.textContent = match.label;
      search.value = "";
      list.classList.add("hidden");
      list.replaceChildren();
    }

    const lookup = debounce(async function () {
      const text = search.value.trim();
      if (!text) { list.classList.add("hidden"); return; }
      const url = findUrl + "?" + new URLSearchParams({ q: text, vocabulary: input.dataset.vocabulary, limit: "8" });
      let found = [];
      try { found = await window.girok.request("GET", url); } catch (error) { found = []; }
      list.replaceChildren();
      if (!found.length) {
        const none = document.createElement("li");
        none.className = "hint";
        none.textContent = form.dataset.noneLabel;
        list.appendChild(none);
      }
      for (const match of found) {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "link";
        button.setAttribute("role", "option");
        button.textContent = match.label + (match.kind ? " · " + match.kind : "") + " — " + match.id;
        button.addEventListener("click", () => choose(match));
        item.appendChild(button);
        list.appendChild(item);
      }
      list.classList.remove("hidden");
    }, 200);
    search.addEventListener("input", lookup);
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {  // Enter picks the best match instead of submitting the form
        event.preventDefault();
        const first = list.querySelector("button");
        if (first) first.click();
      }
    });
  }

  form.querySelectorAll("input.vocab-id").forEach(picker);

  // Lists: a button that copies the last (empty) input row.
  form.querySelectorAll("fieldset.multi").forEach((fieldset) => {
    const add = document.createElement("button");
    add.type = "button";
    add.className = "add-value";
    add.textContent = form.dataset.addLabel;
    add.addEventListener("click", () => {
      const rows = fieldset.querySelectorAll(".value-row");
      const last = rows[rows.length - 1];
      const copy = last.cloneNode(true);
      copy.querySelectorAll("input:not([type=hidden]), textarea").forEach((el) => { el.value = ""; });
      copy.querySelectorAll("input[type=hidden]").forEach((el) => { el.value = ""; });
      copy.querySelectorAll("select").forEach((el) => { el.selectedIndex = 0; });
      copy.querySelectorAll(".vocab-search, .vocab-results").forEach((el) => el.remove());
      const label = copy.querySelector(".vocab-label");
      if (label) label.textContent = "";
      fieldset.insertBefore(copy, add);
      const vocab = copy.querySelector("input.vocab-id");
      if (vocab) picker(vocab);
    });
    fieldset.appendChild(add);
  });
})();
