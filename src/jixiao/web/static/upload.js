// Upload page: files go one per request so that the page shows progress and each file's result
// as soon as it is known; a file over the limit is refused here without being sent.
"use strict";
(() => {
  const form = document.getElementById("upload-form");
  if (!form) return;
  const input = document.getElementById("upload-files");
  const zone = document.getElementById("dropzone");
  const chosen = document.getElementById("upload-chosen");
  const box = document.getElementById("upload-progress");
  const bar = document.getElementById("upload-bar");
  const text = document.getElementById("upload-progress-text");
  const list = document.getElementById("upload-results");
  const none = document.getElementById("upload-none");
  const token = form.querySelector("input[name=csrf_token]").value;
  const maxBytes = Number(form.dataset.maxBytes);
  const maxMb = form.dataset.maxMb;
  const maxFiles = Number(form.dataset.maxFiles);
  let files = [];

  const show = () => {
    chosen.textContent = files.length ? `已选择 ${files.length} 个文件：${files.map((f) => f.name).join("、")}` : "";
  };
  const take = () => { files = Array.from(input.files); show(); };
  input.addEventListener("change", take);
  if (input.files && input.files.length) take();  // chosen before this script ran
  ["dragenter", "dragover"].forEach((name) => zone.addEventListener(name, (e) => {
    e.preventDefault(); zone.classList.add("over");
  }));
  ["dragleave", "drop"].forEach((name) => zone.addEventListener(name, (e) => {
    e.preventDefault(); zone.classList.remove("over");
  }));
  zone.addEventListener("drop", (e) => { files = Array.from(e.dataTransfer.files); show(); });

  const note = (name, status, message) => {
    const li = document.createElement("li");
    li.className = `result status-${status}`;
    li.dataset.testid = "upload-result";
    li.dataset.status = status;
    const b = document.createElement("b");
    b.textContent = name;  // text, never HTML: file names may hold anything
    const s = document.createElement("span");
    s.textContent = ` ✖ ${message}`;
    s.className = `status-${status}`;
    li.append(b, s);
    list.append(li);
  };

  const send = (file, done, total) => new Promise((resolve) => {
    const data = new FormData();
    data.append("files", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/upload?fragment=1");
    xhr.setRequestHeader("X-CSRF-Token", token);
    xhr.setRequestHeader("Accept", "text/html");
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) bar.value = done + e.loaded / e.total * 0.9;
    });
    xhr.addEventListener("load", () => {
      if (xhr.status === 200) {
        list.insertAdjacentHTML("beforeend", xhr.responseText);  // server-rendered, escaped
      } else if (xhr.status === 401 || xhr.status === 403) {
        note(file.name, "failed", "登录已过期或无权上传，请刷新页面后重新登录");
      } else {
        let message = `上传失败（${xhr.status}）`;
        try { message = JSON.parse(xhr.responseText).detail || message; } catch (_) { /* HTML */ }
        note(file.name, "failed", message);
      }
      resolve();
    });
    xhr.addEventListener("error", () => { note(file.name, "failed", "网络错误，文件未上传"); resolve(); });
    xhr.send(data);
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!files.length) { chosen.textContent = "请先选择文件"; return; }
    if (files.length > maxFiles) { chosen.textContent = `一次最多上传 ${maxFiles} 个文件，请分批上传`; return; }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    if (none) none.hidden = true;
    box.hidden = false;
    bar.max = files.length;
    for (let i = 0; i < files.length; i += 1) {
      const file = files[i];
      text.textContent = `正在上传并读取第 ${i + 1} / ${files.length} 个：${file.name}`;
      bar.value = i;
      if (file.size > maxBytes) {
        note(file.name, "refused", `文件过大（${(file.size / 1048576).toFixed(1)} MB，上限 ${maxMb} MB），未上传`);
      } else {
        await send(file, i, files.length);
      }
    }
    bar.value = files.length;
    text.textContent = `完成：${files.length} 个文件已处理。`;
    const link = document.createElement("a");
    link.href = "/forms";
    link.textContent = "查看表单列表";
    link.dataset.testid = "upload-done-forms";
    text.append(link);
    button.disabled = false;
    files = [];
    input.value = "";
    show();
  });
})();
