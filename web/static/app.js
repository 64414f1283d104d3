// The page's UI only: every diagnosis comes from the ossdiag library (ossdiag_bg.wasm,
// through worker.js). Nothing here is stored or sent anywhere.

const $ = (id) => document.getElementById(id);
const input = $("input");
const report = $("report");
const status = $("status");
const format = $("format");
const copyButton = $("copy");

const MAX_INPUT = 64 * 1024 * 1024; // as the command line: larger inputs are refused
const files = []; // dropped or chosen files: { name, text }
let wasm = null; // the compiled module, shared by every worker
let worker = null;
let busy = false;
let seq = 0;
let result = null; // the last answer: { text, json, markdown, code } or { error }
let timer = null;

function setStatus(text, bad = false) {
  status.textContent = text;
  status.classList.toggle("bad", bad);
}

function startWorker() {
  worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
  worker.onmessage = (e) => {
    if (e.data.id !== seq) return; // an answer to an older input
    busy = false;
    result = e.data;
    show();
  };
  worker.onerror = (e) => {
    busy = false;
    result = { error: `the diagnosis stopped: ${e.message || "worker error"}` };
    show();
  };
  worker.postMessage({ module: wasm });
}

function run() {
  clearTimeout(timer);
  timer = null;
  if (!wasm) return;
  const names = ["the paste area"];
  const texts = [input.value];
  for (const f of files) {
    names.push(f.name);
    texts.push(f.text);
  }
  if (texts.every((t) => t.trim() === "")) {
    seq++;
    result = null;
    report.dataset.state = "empty";
    report.textContent = "";
    copyButton.disabled = true;
    setStatus("");
    return;
  }
  if (busy) {
    // A diagnosis (e.g. a secret search) is still running on an older input: end it.
    worker.terminate();
    startWorker();
  }
  busy = true;
  seq++;
  report.dataset.state = "busy";
  setStatus("diagnosing…");
  worker.postMessage({
    id: seq,
    names,
    texts,
    clientString: $("client-string").value,
    secret: $("secret").value,
  });
}

function schedule(delay = 150) {
  report.dataset.state = "pending";
  clearTimeout(timer);
  timer = setTimeout(run, delay);
}

const EXIT = {
  0: "exit 0: nothing wrong found",
  1: "exit 1: a problem diagnosed",
};

function show() {
  if (!result) return;
  if (result.error) {
    report.dataset.state = "error";
    report.textContent = `ossdiag: ${result.error}\n`;
    copyButton.disabled = true;
    setStatus("exit 2: unusable input", true);
    return;
  }
  report.dataset.state = "done";
  copyButton.disabled = false;
  const f = format.value;
  if (f === "text") report.replaceChildren(...ansiToNodes(result.text));
  else report.textContent = f === "json" ? result.json : result.markdown;
  setStatus(`${EXIT[result.code] || `exit ${result.code}`} (${Math.round(result.ms)} ms)`);
}

// The text report carries the command line's ANSI colours (SGR escapes): turn them into
// spans, and mark the field table's rows whose status is DIFFERS.
function ansiToNodes(s) {
  const out = [];
  let classes = [];
  const lines = s.split("\n");
  const final = lines[lines.length - 1] === ""; // the report ends with a newline
  if (final) lines.pop();
  lines.forEach((line, i) => {
    const row = document.createElement("span");
    let plain = "";
    const re = /\x1b\[([0-9;]*)m/g;
    let last = 0;
    let m;
    const emit = (text) => {
      if (!text) return;
      plain += text;
      if (classes.length === 0) {
        row.append(text);
      } else {
        const span = document.createElement("span");
        span.className = classes.join(" ");
        span.textContent = text;
        row.append(span);
      }
    };
    while ((m = re.exec(line))) {
      emit(line.slice(last, m.index));
      last = re.lastIndex;
      for (const c of (m[1] || "0").split(";").map(Number)) {
        if (c === 0) classes = [];
        else if (c === 1) classes = [...classes.filter((k) => k !== "b"), "b"];
        else if ((c >= 30 && c <= 37) || (c >= 90 && c <= 97))
          classes = [...classes.filter((k) => !k.startsWith("fg-")), `fg-${c}`];
        else if (c >= 40 && c <= 47)
          classes = [...classes.filter((k) => !k.startsWith("bg-")), `bg-${c}`];
        else if (c === 39) classes = classes.filter((k) => !k.startsWith("fg-"));
        else if (c === 49) classes = classes.filter((k) => !k.startsWith("bg-"));
      }
    }
    emit(line.slice(last));
    if (/^ {2}\S+ +DIFFERS /.test(plain)) row.className = "row-differs";
    out.push(row);
    if (i < lines.length - 1 || final) out.push("\n");
  });
  return out;
}

function renderFiles() {
  const box = $("files");
  box.replaceChildren(
    ...files.map((f, i) => {
      const chip = document.createElement("span");
      chip.className = "chip";
      chip.append(`${f.name} (${f.text.length.toLocaleString("en")} chars)`);
      const x = document.createElement("button");
      x.type = "button";
      x.title = `remove ${f.name}`;
      x.textContent = "×";
      x.onclick = () => {
        files.splice(i, 1);
        renderFiles();
        schedule(0);
      };
      chip.append(x);
      return chip;
    }),
  );
}

async function addFiles(list) {
  for (const file of list) {
    if (file.size > MAX_INPUT) {
      result = { error: `${file.name} is larger than 64 MiB; pass only the error body and the request` };
      show();
      return;
    }
    files.push({ name: file.name, text: await file.text() });
  }
  renderFiles();
  schedule(0);
}

input.addEventListener("input", () => schedule());
$("client-string").addEventListener("input", () => schedule());
$("secret").addEventListener("input", () => schedule(400));
$("diagnose").addEventListener("click", () => {
  report.dataset.state = "pending";
  run();
});
format.addEventListener("change", show);
$("file").addEventListener("change", (e) => {
  addFiles([...e.target.files]);
  e.target.value = "";
});

// A file dropped on the paste area is read as one more input (as `ossdiag ticket.txt x.har`);
// dropped anywhere else it is ignored rather than opened by the browser.
for (const type of ["dragover", "drop"]) window.addEventListener(type, (e) => e.preventDefault());
input.addEventListener("dragover", () => input.classList.add("dragging"));
input.addEventListener("dragleave", () => input.classList.remove("dragging"));
input.addEventListener("drop", (e) => {
  e.preventDefault();
  input.classList.remove("dragging");
  if (e.dataTransfer && e.dataTransfer.files.length) addFiles([...e.dataTransfer.files]);
});

copyButton.addEventListener("click", async () => {
  if (!result || result.error) return;
  const md = result.markdown;
  try {
    await navigator.clipboard.writeText(md);
  } catch {
    // No clipboard API (e.g. not a secure context): the old way, through a hidden textarea.
    const t = document.createElement("textarea");
    t.value = md;
    document.body.append(t);
    t.select();
    document.execCommand("copy");
    t.remove();
  }
  setStatus("copied the markdown report");
});

(async () => {
  try {
    const r = await fetch(new URL("ossdiag_bg.wasm", import.meta.url));
    if (!r.ok) throw new Error(`ossdiag_bg.wasm: HTTP ${r.status}`);
    wasm = await WebAssembly.compile(await r.arrayBuffer());
  } catch (err) {
    result = { error: `cannot load the diagnosis engine: ${err.message}` };
    show();
    return;
  }
  startWorker();
  document.body.dataset.ready = "true";
  if (input.value.trim() || files.length) run();
})();
