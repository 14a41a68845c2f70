// The conversation kept in the browser: node --test widget/test (make test runs it).
const test = require("node:test");
const assert = require("node:assert/strict");
const store = require("../src/store.js");

test("a new visitor gets a fresh random session and an empty conversation", () => {
  const first = store.restore(null);
  const second = store.restore(null);
  assert.match(first.sessionId, /^[0-9a-f]{32}$/);
  assert.notEqual(first.sessionId, second.sessionId);
  assert.deepEqual([first.messages, first.open], [[], false]);
});

test("storage that is not the widget's own is ignored, not trusted", () => {
  for (const stored of ["not json", "[1,2]", '{"sessionId": 7, "messages": "x", "open": "yes"}']) {
    const state = store.restore(stored);
    assert.match(state.sessionId, /^[0-9a-f]{32}$/);
    assert.deepEqual([state.messages, state.open], [[], false]);
  }
});

test("only messages the widget knows how to show survive, with only web links", () => {
  const stored = JSON.stringify({ sessionId: "abc", open: true, messages: [
    { from: "bot", text: "Book here", time: 1, style: "urgent", buttons: [
      { title: "Book", url: "https://clinic.example/book" },
      { title: "Bad", url: "javascript:alert(1)" },
      { title: "Prices", payload: "/faq" },
      { payload: "no title" },
    ] },
    { from: "intruder", text: "shown as the bot's" },
    { text: 42 },
    { from: "user", text: "hi", style: "<b>", time: 2 },
  ] });
  const state = store.restore(stored);
  assert.equal(state.sessionId, "abc");
  assert.equal(state.open, true);
  assert.deepEqual(state.messages.map((m) => [m.from, m.text, m.style]),
    [["bot", "Book here", "urgent"], ["bot", "shown as the bot's", ""], ["user", "hi", ""]]);
  assert.deepEqual(state.messages[0].buttons,
    [{ title: "Book", url: "https://clinic.example/book" }, { title: "Prices", payload: "/faq" }]);
});

test("only the latest messages are kept", () => {
  const state = store.restore(null);
  state.messages = Array.from({ length: store.MAX_HISTORY + 5 }, (_, i) => ({ from: "bot", text: String(i), buttons: [], time: i }));
  const saved = JSON.parse(store.serialise(state));
  assert.equal(saved.messages.length, store.MAX_HISTORY);
  assert.equal(saved.messages[0].text, "5");
});

test("only an answer marked for rating offers the rating, never the visitor's own message", () => {
  const clean = (message) => store.cleanMessage({ text: "t", ...message }).rate;
  assert.deepEqual([clean({ from: "bot", rate: true }), clean({ from: "bot" }), clean({ from: "bot", rate: "yes" }),
    clean({ from: "user", rate: true })], [true, false, false, false]);
});
