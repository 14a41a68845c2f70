// Socket.io and REST as one stream of messages: node --test widget/test (make test runs it).
const test = require("node:test");
const assert = require("node:assert/strict");
const transport = require("../src/transport.js");

// A socket.io server stand-in: records what the widget emits, lets the test emit to it.
function socketStandIn() {
  const handlers = {};
  const emitted = [];
  const socket = { on: (name, handler) => (handlers[name] = handler), emit: (...args) => emitted.push(args) };
  const io = (server, options) => {
    socket.opened = { server, options };
    return socket;
  };
  return { io, socket, emitted, serverSays: (name, ...args) => handlers[name](...args) };
}

function restReplying(status, body) {
  const requests = [];
  const fetch = async (url, init) => {
    requests.push({ url, body: JSON.parse(init.body) });
    return { status, ok: status < 400, json: async () => body };
  };
  return { fetch, requests };
}

function listener() {
  const heard = [];
  return { heard, onMessage: (m) => heard.push(["message", m.text]), onDone: () => heard.push(["done"]),
    onProblem: (text) => heard.push(["problem", text]) };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test("before the socket is confirmed, a message goes over REST and its answers come back", async () => {
  const rest = restReplying(200, [{ text: "one" }, { text: "two" }]);
  const heard = listener();
  const session = { id: "s1" };
  const stream = transport.create({ server: "https://a.example", session, io: undefined, fetch: rest.fetch, ...heard });
  stream.connect(); // no socket.io on the page: nothing to connect
  stream.send("hello");
  await settle();
  assert.deepEqual(rest.requests, [{ url: "https://a.example/webhooks/rest/webhook", body: { sender: "s1", message: "hello" } }]);
  assert.deepEqual(heard.heard, [["message", "one"], ["message", "two"], ["done"]]);
});

test("once the server confirms the session, messages go over the socket, in that session", async () => {
  const server = socketStandIn();
  const rest = restReplying(200, []);
  const heard = listener();
  const session = { id: "mine" };
  const stream = transport.create({ server: "https://a.example", session, io: server.io, fetch: rest.fetch, ...heard });
  stream.connect();
  assert.deepEqual(server.socket.opened.options, { transports: ["polling"] });
  server.serverSays("connect");
  server.serverSays("session_confirm", "theirs");
  stream.send("hello");
  server.serverSays("bot_uttered", { text: "hi there" });
  assert.equal(session.id, "theirs");
  assert.deepEqual(server.emitted, [["session_request", { session_id: "mine" }],
    ["user_uttered", { message: "hello", session_id: "theirs" }]]);
  assert.deepEqual(rest.requests, []);
  assert.deepEqual(heard.heard, [["message", "hi there"]]);
});

test("a socket that stops answering is a problem, and the next message goes over REST", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const server = socketStandIn();
  const rest = restReplying(200, [{ text: "over REST" }]);
  const heard = listener();
  const stream = transport.create({ server: "https://a.example", session: { id: "s" }, io: server.io,
    fetch: rest.fetch, timeoutMs: 1000, ...heard });
  stream.connect();
  server.serverSays("session_confirm", "s");
  stream.send("anyone there?");
  t.mock.timers.tick(999);
  assert.deepEqual(heard.heard, []);
  t.mock.timers.tick(1);
  assert.deepEqual(heard.heard, [["problem", null]]);
  stream.send("again");
  await settle();
  assert.equal(rest.requests.length, 1);
  assert.deepEqual(heard.heard.slice(1), [["message", "over REST"], ["done"]]);
});

test("an answer in time stops the clock", (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const server = socketStandIn();
  const heard = listener();
  const stream = transport.create({ server: "s", session: { id: "s" }, io: server.io, fetch: null, timeoutMs: 1000, ...heard });
  stream.connect();
  server.serverSays("session_confirm", "s");
  stream.send("hello");
  server.serverSays("bot_uttered", { text: "hi" });
  t.mock.timers.tick(5000);
  assert.deepEqual(heard.heard, [["message", "hi"]]);
});

test("asked to slow down, the server's own words are the problem; a failure is 'unreachable'", async () => {
  for (const [reply, expected] of [[restReplying(429, { error: "Please wait a moment." }), "Please wait a moment."],
    [restReplying(500, {}), null], [{ fetch: async () => { throw new Error("offline"); } }, null]]) {
    const heard = listener();
    transport.create({ server: "s", session: { id: "s" }, io: undefined, fetch: reply.fetch, ...heard }).send("hi");
    await settle();
    assert.deepEqual(heard.heard, [["problem", expected]]);
  }
});
