/*
 * The conversation kept in the browser, so a reload (or another tab) continues it. Only
 * what the widget knows how to show survives, whatever the server or the storage holds.
 */
const ClinicChatStore = (() => {
  const MAX_HISTORY = 200; // messages kept in the browser across page loads

  function restore(stored) {
    let saved = {};
    try {
      saved = JSON.parse(stored) || {};
    } catch (error) {
      saved = {};
    }
    return {
      sessionId: typeof saved.sessionId === "string" && saved.sessionId ? saved.sessionId : newSessionId(),
      messages: Array.isArray(saved.messages) ? saved.messages.map(cleanMessage).filter(Boolean) : [],
      open: saved.open === true,
    };
  }

  // What is written to storage: the latest messages only.
  function serialise(state) {
    state.messages = state.messages.slice(-MAX_HISTORY);
    return JSON.stringify(state);
  }

  function newSessionId() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function cleanMessage(message) {
    if (!message || typeof message.text !== "string") return null;
    const buttons = Array.isArray(message.buttons) ? message.buttons.filter(isButton) : [];
    return {
      from: message.from === "user" ? "user" : "bot",
      text: message.text,
      buttons: buttons.map((b) => (b.url ? { title: b.title, url: b.url } : { title: b.title, payload: b.payload })),
      style: ["urgent", "advice", "error"].includes(message.style) ? message.style : "",
      rate: message.from !== "user" && message.rate === true, // an answer the visitor may rate
      time: typeof message.time === "number" ? message.time : Date.now(),
    };
  }

  function isButton(button) {
    return Boolean(button) && typeof button.title === "string" &&
      (typeof button.payload === "string" || (typeof button.url === "string" && isWebLink(button.url)));
  }

  function isWebLink(url) {
    try {
      return ["http:", "https:"].includes(new URL(url).protocol);
    } catch (error) {
      return false;
    }
  }

  return { MAX_HISTORY, restore, serialise, cleanMessage, isWebLink };
})();

if (typeof module === "object") module.exports = ClinicChatStore; // node's tests (widget/test/)
