// Sign in to the live board with the teacher PIN (the same one as the game's teacher area).
// "locked": the hub's PIN lock; "wait": this computer guessed wrong too often and must wait.
"use strict";
const WORDS = {
  "zh-CN": { title: "课堂实况", ask: "请输入教师密码（与游戏教师区相同）。", open: "打开看板", wrong: "密码不对，还可以再试 {n} 次。",
             locked: "尝试次数太多，请 {n} 秒后再试。", expired: "登录已过期，请重新输入教师密码。", away: "连接不上教师机上的课堂服务。" },
  "en": { title: "Live class board", ask: "Enter the teacher PIN (the same as in the game's teacher area).", open: "Open the board",
          wrong: "Wrong PIN: {n} more tries.", locked: "Too many tries: wait {n} seconds.", expired: "Signed out: enter the teacher PIN again.",
          away: "Cannot reach the classroom hub on the teacher's machine." },
};
let lang = localStorage.getItem("board.lang") === "en" ? "en" : "zh-CN";
const t = (key, n) => WORDS[lang][key].split("{n}").join(String(n));
function words() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  document.getElementById("lang").textContent = lang === "en" ? "中文" : "English";
}
document.addEventListener("DOMContentLoaded", () => {
  words();
  const message = document.getElementById("message");
  if (location.search.includes("expired=1")) message.textContent = t("expired");
  document.getElementById("lang").addEventListener("click", () => {
    lang = lang === "en" ? "zh-CN" : "en";
    localStorage.setItem("board.lang", lang);
    words();
  });
  document.getElementById("signin").addEventListener("submit", async (event) => {
    event.preventDefault();
    const pin = document.getElementById("pin").value.trim();
    let response;
    try {
      response = await fetch("/api/login", { method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json" }, body: JSON.stringify({ pin }) });
    } catch (e) { message.textContent = t("away"); return; }
    if (response.ok) { location.href = "/"; return; }
    const data = await response.json().catch(() => ({}));
    message.textContent = data.error === "locked" || data.error === "wait" ? t("locked", data.wait_seconds || 60) : t("wrong", data.tries_left ?? 0);
    document.getElementById("pin").value = "";
  });
});
