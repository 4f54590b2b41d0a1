// The live class board: renders the hub's board JSON (GET /api/board, then server-sent events from
// /api/stream) without reloading the page. Every text from the data goes in with textContent, never
// as HTML. No external URL: this file, board.css and the pages are served by the hub itself.
"use strict";

const WORDS = {
  "zh-CN": {
    title: "课堂实况", "class": "班级", join: "加入课堂", code: "加入码", projector: "投影模式",
    report: "完整报告", csv: "CSV 表格", logout: "退出", connecting: "连接中…", live: "实时", offline: "重新连接中…",
    progress: "全班进度", students: "学生", question: "题目", follow: "跟随最新", reveal: "公布答案", hide: "隐藏答案",
    no_students: "还没有学生加入。请学生在设备上启动游戏并登录。",
    no_question: "学生作答后，这里显示每个选项的选择比例。",
    stage_waiting: "准备中", stage_pre: "前测", stage_level: "关卡", stage_post: "后测", stage_retention: "复测", stage_done: "已完成", stage_left: "已离开",
    answers: "作答 {n} 题", first_try: "第一次得分率 {p}", needs_help: "需要帮助：", help_accuracy: "正确率低",
    help_idle: "{m} 分钟无进展", answered_by: "{n} 人作答", no_answer: "（未作答）", correct: "正确答案",
    gain_line: "{track}：前测 {pre} → 后测 {post}，提高 g = {g}（{n} 人）", gain_wait: "后测成绩到达后显示前后对比。",
    mean: "全班首次得分 {p}", step: "第 {i}/{n} 步", pre: "前测", level: "关卡", post: "后测",
    student_n: "{n} 人", expired: "登录已过期，请重新输入教师密码。",
  },
  "en": {
    title: "Live class board", "class": "Class", join: "Join the class", code: "Join code", projector: "Projector mode",
    report: "Full report", csv: "CSV tables", logout: "Sign out", connecting: "Connecting…", live: "Live", offline: "Reconnecting…",
    progress: "Class progress", students: "Students", question: "Question", follow: "Follow the latest", reveal: "Reveal the answer", hide: "Hide the answer",
    no_students: "No student has joined yet. Students start the game on their devices and sign in.",
    no_question: "When students answer, the share of each option shows here.",
    stage_waiting: "Getting ready", stage_pre: "Pre-test", stage_level: "Level", stage_post: "Post-test", stage_retention: "Re-test", stage_done: "Finished", stage_left: "Left",
    answers: "answers: {n}", first_try: "first-try score {p}", needs_help: "Needs help: ", help_accuracy: "low accuracy",
    help_idle: "no progress for {m} min", answered_by: "{n} answered", no_answer: "(no answer)", correct: "the answer",
    gain_line: "{track}: pre-test {pre} → post-test {post}, gain g = {g} ({n} students)", gain_wait: "Before and after shows as post-tests arrive.",
    mean: "Class first-try score {p}", step: "step {i}/{n}", pre: "pre-test", level: "level", post: "post-test",
    student_n: "{n}", expired: "Signed out: enter the teacher PIN again.",
  },
};
const STAGES = ["waiting", "pre", "level", "post", "retention", "done", "left"];

const state = {
  lang: localStorage.getItem("board.lang") === "en" ? "en" : "zh-CN",
  projector: localStorage.getItem("board.projector") === "1",
  board: null, catalog: null, chosen: null, source: null,
};

const $ = (id) => document.getElementById(id);
function t(key, values) {
  let text = (WORDS[state.lang] || WORDS["zh-CN"])[key] || key;
  for (const [k, v] of Object.entries(values || {})) text = text.split("{" + k + "}").join(String(v));
  return text;
}
function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}
function pct(value) { return value === null || value === undefined ? "—" : Math.round(value) + "%"; }
function tr(texts, fallback) { return (texts && (texts[state.lang] || texts["zh-CN"])) || fallback; }
function levelTitle(id) { return state.catalog ? tr(state.catalog.levels[id], id) : id; }
function trackTitle(id) { return state.catalog ? tr(state.catalog.tracks[id], id) : id; }
function who(s) { return state.projector || !s.nickname ? "#" + s.number : s.nickname; }

function applyWords() {
  document.documentElement.lang = state.lang;
  document.title = (state.lang === "en" ? "Drug-Free Guardians · " : "禁毒小卫士 · ") + t("title");
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  $("lang").textContent = state.lang === "en" ? "中文" : "English";
  $("projector").setAttribute("aria-pressed", state.projector ? "true" : "false");
  $("projector").classList.toggle("on", state.projector);
  $("report-html").href = "/report.html?lang=" + state.lang;
  $("report-csv").href = "/report.zip?lang=" + state.lang;
  document.body.classList.toggle("projector", state.projector);
}

function renderProgress(board) {
  const bar = $("progress-bar"), legend = $("progress-legend");
  bar.replaceChildren();
  legend.replaceChildren();
  const total = board.progress.students || 0;
  for (const stage of STAGES) {
    const n = board.progress[stage] || 0;
    if (total && n) {
      const part = el("div", "part stage-" + stage, n);
      part.style.flexGrow = String(n);
      part.title = t("stage_" + stage) + ": " + n;
      bar.append(part);
    }
    const item = el("span", "legend stage-" + stage);
    item.append(el("i", "swatch"), document.createTextNode(t("stage_" + stage) + " " + n));
    legend.append(item);
  }
  const gain = $("gain");
  gain.replaceChildren();
  if (board.mean_first_percent !== null && board.mean_first_percent !== undefined) {
    gain.append(el("div", "mean", t("mean", { p: pct(board.mean_first_percent) })));
  }
  if (!board.gain.length) gain.append(el("div", "gain-wait", t("gain_wait")));
  for (const g of board.gain) {
    gain.append(el("div", "gain-line", t("gain_line", {
      track: trackTitle(g.track), pre: pct(g.pre), post: pct(g.post), g: g.g === null ? "—" : g.g.toFixed(2), n: g.n,
    })));
  }
}

function renderStudents(board) {
  const cards = $("cards");
  cards.replaceChildren();
  $("no-students").hidden = board.students.length > 0;
  $("student-count").textContent = board.students.length ? "(" + t("student_n", { n: board.students.length }) + ")" : "";
  const helpers = board.students.filter((s) => s.help.length);
  const help = $("help");
  help.replaceChildren();
  if (helpers.length) {
    help.append(el("b", null, t("needs_help")));
    for (const s of helpers) help.append(el("span", "help-chip", who(s) + " · " + helpWords(s)));
  }
  for (const s of board.students) {
    const card = el("article", "card stage-" + s.stage + (s.help.length ? " needs-help" : ""));
    card.dataset.number = s.number;
    const head = el("div", "card-head");
    head.append(el("span", "card-number", "#" + s.number));
    if (!state.projector && s.nickname) head.append(el("span", "card-name", s.nickname));
    card.append(head);
    card.append(el("div", "card-stage", t("stage_" + s.stage)));
    if (s.level && s.stage !== "done") card.append(el("div", "card-level", levelTitle(s.level)));
    if (s.step && s.steps && s.stage !== "done") {
      const steps = el("div", "card-steps");
      steps.setAttribute("aria-label", t("step", { i: s.step, n: s.steps }));
      for (let i = 1; i <= s.steps; i++) steps.append(el("i", i < s.step ? "done" : i === s.step ? "now" : ""));
      card.append(steps);
    }
    const figures = el("div", "card-figures");
    figures.append(el("span", "card-answers", t("answers", { n: s.answers })));
    if (s.first_try.percent !== null && s.first_try.percent !== undefined) figures.append(el("span", "card-first", t("first_try", { p: pct(s.first_try.percent) })));
    card.append(figures);
    if (s.help.length) card.append(el("div", "card-help", "⚑ " + helpWords(s)));
    cards.append(card);
  }
}

function helpWords(s) {
  return s.help.map((r) => r === "idle" ? t("help_idle", { m: Math.floor((s.idle_seconds || 0) / 60) }) : t("help_accuracy")).join(", ");
}

function questionLabel(q) {
  const prompt = state.catalog && state.catalog.questions[q.question];
  const text = prompt ? tr(prompt.prompt, q.question) : q.question;
  return "[" + t(q.role) + "] " + text;
}

function renderQuestion(board) {
  const select = $("question-select");
  const keys = board.questions.map((q) => q.key);
  if ($("follow").checked || !keys.includes(state.chosen)) state.chosen = board.current || keys[keys.length - 1] || null;
  select.replaceChildren();
  for (const q of board.questions) {
    const option = el("option", null, questionLabel(q).slice(0, 90));
    option.value = q.key;
    option.selected = q.key === state.chosen;
    select.append(option);
  }
  const q = board.questions.find((x) => x.key === state.chosen);
  $("no-question").hidden = Boolean(q);
  for (const id of ["question-pick-row", "question-where", "question-prompt", "options", "question-n", "reveal"]) {
    const node = $(id);
    if (node) node.hidden = !q;
  }
  select.hidden = !q;
  const options = $("options");
  options.replaceChildren();
  if (!q) return;
  const info = state.catalog && state.catalog.questions[q.question];
  $("question-where").textContent = levelTitle(q.level) + " · " + t(q.role);
  $("question-prompt").textContent = info ? tr(info.prompt, q.question) : q.question;
  $("question-n").textContent = t("answered_by", { n: q.n });
  const most = Math.max(1, ...q.options.map((o) => o.count));
  q.options.forEach((o, i) => {
    const row = el("div", "option" + (o.correct ? " correct" : "") + (q.revealed && o.correct === false ? " wrong" : ""));
    const letter = q.kind === "estimate" ? o.id : (o.id === "" ? "–" : String.fromCharCode(65 + i));
    row.append(el("span", "option-letter", o.correct ? "✓" : letter));
    const label = q.kind === "estimate" ? o.id : (o.id === "" ? t("no_answer") : (info && info.options[o.id] ? tr(info.options[o.id], o.id) : o.id));
    const body = el("div", "option-body");
    body.append(el("div", "option-text", label + (o.correct ? "  (" + t("correct") + ")" : "")));
    const track = el("div", "option-track");
    const fill = el("div", "option-fill");
    fill.style.width = (100 * o.count / most) + "%";
    track.append(fill);
    body.append(track);
    row.append(body);
    const share = q.n ? Math.round(100 * o.count / q.n) : 0;
    row.append(el("span", "option-count", o.count + " · " + share + "%"));
    options.append(row);
  });
  const reveal = $("reveal");
  reveal.textContent = t(q.revealed ? "hide" : "reveal");
  reveal.hidden = q.kind === "estimate";
  reveal.dataset.shown = q.revealed ? "1" : "0";
}

function render() {
  const board = state.board;
  applyWords();
  if (!board) return;
  $("class-code").textContent = board.class;
  $("join-address").textContent = board.join.address || "—";
  $("join-code").textContent = board.join.code || "—";
  renderProgress(board);
  renderStudents(board);
  renderQuestion(board);
}

function setLive(ok) {
  const live = $("live");
  live.className = "live " + (ok ? "on" : "off");
  live.textContent = t(ok ? "live" : "offline");
  live.dataset.t = ok ? "live" : "offline";
}

function signedOut() {
  location.href = "/login?expired=1";
}

async function fetchJson(url) {
  const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
  if (response.status === 401) { signedOut(); throw new Error("signed out"); }
  return response.json();
}

function listen() {
  if (state.source) state.source.close();
  const query = state.projector ? "?projector=1" : "";
  if (!window.EventSource) {  // short polling where there are no server-sent events
    setInterval(async () => { state.board = await fetchJson("/api/board" + query); setLive(true); render(); }, 2000);
    return;
  }
  const source = new EventSource("/api/stream" + query);
  state.source = source;
  source.addEventListener("board", (event) => {
    state.board = JSON.parse(event.data);
    setLive(true);
    render();
  });
  source.onerror = async () => {
    setLive(false);
    try { await fetchJson("/api/board" + query); } catch (e) { /* the hub is away: EventSource retries */ }
  };
}

async function start() {
  applyWords();
  $("lang").addEventListener("click", () => {
    state.lang = state.lang === "en" ? "zh-CN" : "en";
    localStorage.setItem("board.lang", state.lang);
    render();
  });
  $("projector").addEventListener("click", () => {
    state.projector = !state.projector;
    localStorage.setItem("board.projector", state.projector ? "1" : "0");
    render();
    listen();
  });
  $("question-select").addEventListener("change", (event) => {
    state.chosen = event.target.value;
    $("follow").checked = false;
    render();
  });
  $("follow").addEventListener("change", render);
  $("reveal").addEventListener("click", async () => {
    if (!state.chosen) return;
    await fetch("/api/reveal", {
      method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ key: state.chosen, shown: $("reveal").dataset.shown !== "1" }),
    });
  });
  try {
    state.catalog = await fetchJson("/api/catalog");
    state.board = await fetchJson("/api/board" + (state.projector ? "?projector=1" : ""));
    render();
  } catch (e) { /* shown by the connection badge */ }
  listen();
}

document.addEventListener("DOMContentLoaded", start);
