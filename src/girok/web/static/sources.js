// Sources: the many-file uploader (one XHR per file, for upload progress) and keyboard review of suggestions.
"use strict";
(function () {
  const g = window.girok;

  // -- uploads -------------------------------------------------------------------------------------------------
  const form = document.getElementById("upload-form");
  if (form) {
    const drop = document.getElementById("drop");
    const input = document.getElementById("file-input");
    const results = document.getElementById("upload-results");
    const rowTemplate = document.getElementById("upload-row");
    const msg = document.getElementById("upload-messages").dataset;
    const max = Number(form.dataset.max);
    const queue = [];
    let running = 0;
    const PARALLEL = 3; // a few at once: the server reads each file; more would only queue there

    const custody = () => {
      const fields = {};
      for (const name of ["from", "how", "on", "kind", "protection"]) {
        const field = form.elements.namedItem(name);
        if (field && field.value.trim()) fields[name] = field.value.trim();
      }
      return fields;
    };

    const finish = (row, ok, text, href) => {
      row.querySelector("progress").remove();
      const status = row.querySelector(".status");
      status.textContent = "";
      row.classList.add(ok ? "ok" : "refused");
      if (href) {
        const link = document.createElement("a");
        link.href = href;
        link.textContent = text;
        status.append(link);
      } else {
        status.textContent = text;
      }
    };

    const pump = () => {
      while (running < PARALLEL && queue.length) {
        running += 1;
        send(queue.shift());
      }
    };

    const send = ({ file, row, fields }) => {
      const data = new FormData();
      for (const [name, value] of Object.entries(fields)) data.append(name, value);
      data.append("file", file, file.name);
      const xhr = new XMLHttpRequest();
      const bar = row.querySelector("progress");
      const status = row.querySelector(".status");
      xhr.open("POST", "/api/sources");
      xhr.setRequestHeader("X-CSRF-Token", g.csrf);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.responseType = "json";
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) bar.value = Math.round((event.loaded / event.total) * 100);
      };
      xhr.upload.onload = () => {
        bar.removeAttribute("value"); // indeterminate while the server reads the file
        status.textContent = msg.reading;
      };
      xhr.onload = () => {
        const body = xhr.response;
        if (xhr.status === 201 && body) {
          const outcome = body.created ? msg.created : body.custody_added ? msg.custody : msg.known;
          const count = msg.suggestions.replace("{count}", body.suggestions);
          finish(row, true, outcome + " · " + count, "/sources/" + encodeURIComponent(body.source.id));
        } else {
          const reason = body && body.error ? body.error.message : xhr.statusText;
          finish(row, false, msg.refused + ": " + reason);
        }
      };
      xhr.onerror = () => finish(row, false, msg.failed);
      xhr.onloadend = () => {
        running -= 1;
        pump();
      };
      status.textContent = "";
      xhr.send(data);
    };

    const add = (files) => {
      const fields = custody();
      for (const file of files) {
        const row = rowTemplate.content.firstElementChild.cloneNode(true);
        row.querySelector(".name").textContent = file.name;
        results.prepend(row);
        if (file.size > max) {
          finish(row, false, msg.refused + ": " + msg.tooLarge);
          continue;
        }
        row.querySelector(".status").textContent = msg.waiting;
        queue.push({ file, row, fields });
      }
      pump();
    };

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (input.files.length) add(Array.from(input.files));
      input.value = "";
    });
    input.addEventListener("change", () => {
      if (input.files.length) add(Array.from(input.files));
      input.value = "";
    });
    for (const name of ["dragenter", "dragover"]) {
      drop.addEventListener(name, (event) => {
        event.preventDefault();
        drop.classList.add("over");
      });
    }
    for (const name of ["dragleave", "drop"]) {
      drop.addEventListener(name, () => drop.classList.remove("over"));
    }
    drop.addEventListener("drop", (event) => {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) add(Array.from(event.dataTransfer.files));
    });
    // Dropping a file anywhere else on the page must not navigate away from it.
    window.addEventListener("dragover", (event) => event.preventDefault());
    window.addEventListener("drop", (event) => event.preventDefault());
  }

  // -- the text view -------------------------------------------------------------------------------------------
  const cited = document.getElementById("cited");
  if (cited) cited.scrollIntoView({ block: "center" });

  const review = g.data("review-data");
  if (!review) return;
  document.querySelectorAll(".needs-js").forEach((node) => node.classList.remove("hidden"));
  const byId = new Map(review.map((item) => [item.id, item]));
  const words = document.getElementById("review-messages").dataset;
  const editDialog = document.getElementById("edit-dialog");
  const rejectDialog = document.getElementById("reject-dialog");
  const helpDialog = document.getElementById("help-dialog");
  let current = null;

  const itemOf = (id) => document.getElementById("sg-" + id);
  const pending = () => Array.from(document.querySelectorAll('li.suggestion[data-decision="pending"]'));
  const marksOf = (id) =>
    Array.from(document.querySelectorAll("mark.sg")).filter((mark) => mark.dataset.s.split(" ").includes(id));

  const select = (li) => {
    if (!li) return;
    document.querySelectorAll(".current").forEach((node) => node.classList.remove("current"));
    current = li;
    li.classList.add("current");
    li.focus({ preventScroll: true });
    li.scrollIntoView({ block: "nearest" });
    const marks = marksOf(li.dataset.id);
    marks.forEach((mark) => mark.classList.add("current"));
    if (marks.length) marks[0].scrollIntoView({ block: "center" });
  };

  const move = (step) => {
    const list = pending();
    if (!list.length) return;
    const at = list.indexOf(current);
    const next = at < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(Math.max(at + step, 0), list.length - 1);
    select(list[next]);
  };

  const outcome = (li, text, href) => {
    const box = li.querySelector(".outcome");
    box.textContent = text + " ";
    if (href) {
      const link = document.createElement("a");
      link.href = href;
      link.textContent = href.split("/").pop();
      box.append(link);
    }
  };

  const decided = (li, decision) => {
    const id = li.dataset.id;
    li.dataset.decision = decision;
    li.classList.replace("d-pending", "d-" + decision);
    li.querySelectorAll("form, .edit-button").forEach((node) => node.remove());
    const badge = li.querySelector(".badge.decision-pending");
    if (badge) {
      badge.className = "badge decision-" + decision;
      badge.textContent = decision === "accepted" ? words.labelAccepted : words.labelRejected;
    }
    // A mark is shown as decided only when every suggestion over it is.
    marksOf(id).forEach((mark) => {
      const open = mark.dataset.s.split(" ").some((other) => {
        const node = itemOf(other);
        return node && node.dataset.decision === "pending";
      });
      if (!open) mark.classList.add("decided");
    });
    const after = pending();
    const counter = document.getElementById("pending-count");
    if (counter) counter.textContent = counter.dataset.template.replace("{count}", String(after.length));
    if (after.length) select(after.find((node) => node.compareDocumentPosition(li) & Node.DOCUMENT_POSITION_PRECEDING) || after[0]);
  };

  const accept = async (li, values) => {
    const item = byId.get(li.dataset.id);
    try {
      const body = { set: values || {}, expected_version: Number(li.dataset.version) };
      const done = await g.request("POST", "/api/suggestions/" + encodeURIComponent(item.id) + "/accept", body);
      outcome(li, words.became, "/records/" + encodeURIComponent(done.record.id));
      decided(li, "accepted");
      return null;
    } catch (error) {
      outcome(li, error.message);
      return error.message;
    }
  };

  const reject = async (li, reason) => {
    if (!reason || !reason.trim()) {
      outcome(li, words.needReason);
      return words.needReason;
    }
    try {
      const body = { reason: reason.trim(), expected_version: Number(li.dataset.version) };
      await g.request("POST", "/api/suggestions/" + encodeURIComponent(li.dataset.id) + "/reject", body);
      outcome(li, words.rejected);
      decided(li, "rejected");
      return null;
    } catch (error) {
      outcome(li, error.message);
      return error.message;
    }
  };

  // -- editing before accepting: one input per proposed field, JSON for lists and objects
  const fieldsBox = document.getElementById("edit-fields");
  let editing = null;
  const openEdit = (li) => {
    const item = byId.get(li.dataset.id);
    editing = li;
    fieldsBox.replaceChildren();
    document.getElementById("edit-type").textContent = item.record_type;
    document.getElementById("edit-error").textContent = "";
    for (const [name, value] of Object.entries(item.proposed || {})) {
      const label = document.createElement("label");
      label.textContent = name;
      const field = document.createElement("input");
      field.name = name;
      const structured = value !== null && typeof value !== "string";
      field.dataset.json = structured ? "1" : "";
      field.value = value === null ? "" : structured ? JSON.stringify(value) : value;
      field.dataset.original = field.value;
      label.append(field);
      fieldsBox.append(label);
    }
    document.getElementById("edit-new-name").value = "";
    document.getElementById("edit-new-value").value = "";
    editDialog.showModal();
    const first = fieldsBox.querySelector("input");
    if (first) first.focus();
  };
  const parse = (text, structured) => {
    if (text === "") return null;
    if (structured || /^[[{]/.test(text)) return JSON.parse(text);
    return text;
  };
  document.getElementById("edit-form").addEventListener("submit", async (event) => {
    if (event.submitter && event.submitter.value === "cancel") return;
    event.preventDefault();
    const values = {};
    try {
      for (const field of fieldsBox.querySelectorAll("input")) {
        if (field.value !== field.dataset.original) values[field.name] = parse(field.value.trim(), field.dataset.json);
      }
      const extraName = document.getElementById("edit-new-name").value.trim();
      if (extraName) values[extraName] = parse(document.getElementById("edit-new-value").value.trim(), false);
    } catch (error) {
      document.getElementById("edit-error").textContent = words.badJson + " " + error.message;
      return;
    }
    const problem = await accept(editing, values);
    if (problem) document.getElementById("edit-error").textContent = problem;
    else editDialog.close();
  });

  let rejecting = null;
  const openReject = (li) => {
    rejecting = li;
    const typed = li.querySelector("input.reason");
    document.getElementById("reject-reason").value = typed ? typed.value : "";
    document.getElementById("reject-error").textContent = "";
    rejectDialog.showModal();
    document.getElementById("reject-reason").focus();
  };
  document.getElementById("reject-dialog-form").addEventListener("submit", async (event) => {
    if (event.submitter && event.submitter.value === "cancel") return;
    event.preventDefault();
    const problem = await reject(rejecting, document.getElementById("reject-reason").value);
    if (problem) document.getElementById("reject-error").textContent = problem;
    else rejectDialog.close();
  });

  // The plain forms still work; with a script they go through the API and the page stays in place.
  document.querySelectorAll("form.accept-form").forEach((node) =>
    node.addEventListener("submit", (event) => {
      event.preventDefault();
      accept(node.closest("li"));
    })
  );
  document.querySelectorAll("form.reject-form").forEach((node) =>
    node.addEventListener("submit", (event) => {
      event.preventDefault();
      reject(node.closest("li"), node.elements.namedItem("reason").value);
    })
  );
  document.querySelectorAll(".edit-button").forEach((node) =>
    node.addEventListener("click", () => openEdit(node.closest("li")))
  );
  document.querySelectorAll("li.suggestion").forEach((li) => li.addEventListener("focusin", () => {
    if (current !== li && li.dataset.decision === "pending") select(li);
  }));
  document.querySelectorAll("mark.sg").forEach((mark) =>
    mark.addEventListener("click", () => {
      const li = itemOf(mark.dataset.s.split(" ")[0]);
      if (li) select(li);
    })
  );

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (document.querySelector("dialog[open]")) return;
    const target = event.target;
    if (target instanceof HTMLElement && target.closest("input, textarea, select, [contenteditable]")) return;
    const actions = {
      j: () => move(1), ArrowDown: () => move(1), k: () => move(-1), ArrowUp: () => move(-1),
      a: () => current && accept(current), e: () => current && openEdit(current),
      r: () => current && openReject(current), "?": () => helpDialog.showModal(),
    };
    const action = actions[event.key];
    if (!action) return;
    if (["a", "e", "r"].includes(event.key) && (!current || current.dataset.decision !== "pending")) return;
    event.preventDefault();
    action();
  });
})();
