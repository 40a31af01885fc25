// The console's live parts. No framework, no inline script (the CSP forbids it).
// Whatever a person or colleague wrote is put in the page with textContent, never as HTML.
(function () {
  "use strict";

  var T = JSON.parse(document.getElementById("console-texts").textContent);
  var body = document.body;
  var page = body.dataset.page;
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.content : "";
  var LOGIN = "/console/login";

  function $(id) {
    return document.getElementById(id);
  }

  // An element with attributes and children; strings become text nodes, never markup.
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (attrs[name] !== null && attrs[name] !== undefined) node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function stamp(iso) {
    if (!iso) return "";
    var moment = new Date(iso);
    if (isNaN(moment.getTime())) return "";
    return moment.toISOString().slice(0, 16).replace("T", " ") + " UTC";
  }

  function feedback(text, bad) {
    var line = $("feedback");
    if (!line) return;
    line.textContent = text;
    line.className = bad ? "bad" : "";
  }

  function failed(error) {
    feedback(T.failed + " " + error.message, true);
  }

  async function api(method, url, data) {
    var options = { method: method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (method !== "GET") options.headers["X-CSRF-Token"] = csrf;
    if (data !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(data);
    }
    var response = await fetch(url, options);
    if (response.status === 401 && page !== "login") {
      location.assign(LOGIN);
      throw new Error(T.error_not_logged_in);
    }
    var answer = null;
    try {
      answer = await response.json();
    } catch (ignored) {
      answer = null;
    }
    if (!response.ok) {
      var error = new Error(answer && answer.message ? answer.message : String(response.status));
      error.status = response.status;
      throw error;
    }
    return answer;
  }

  // Run ``work`` at most once at a time; calls meanwhile make it run once more afterwards.
  function coalesce(work) {
    var running = false;
    var again = false;
    return async function run() {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        await work();
      } catch (error) {
        failed(error);
      } finally {
        running = false;
        if (again) {
          again = false;
          run();
        }
      }
    };
  }

  // The live feed; reconnects with back-off and reports activity at most once a minute.
  function connectLive(onEvent) {
    var indicator = $("live");
    var delay = 1000;
    var socket = null;
    var lastActive = 0;

    function setLive(on) {
      if (!indicator) return;
      indicator.textContent = on ? T.live_on : T.live_off;
      indicator.className = on ? "live on" : "live off";
    }

    function open() {
      var scheme = location.protocol === "https:" ? "wss:" : "ws:";
      socket = new WebSocket(scheme + "//" + location.host + "/console/ws");
      socket.onopen = function () {
        delay = 1000;
        setLive(true);
      };
      socket.onmessage = function (message) {
        var event;
        try {
          event = JSON.parse(message.data);
        } catch (ignored) {
          return;
        }
        onEvent(event);
      };
      socket.onclose = function (event) {
        setLive(false);
        if (event.code === 4401) {
          location.assign(LOGIN);
          return;
        }
        // Still logged in? api() goes to the login page if not.
        api("GET", "/console/api/me").then(function () {
          setTimeout(open, delay);
          delay = Math.min(delay * 2, 30000);
        }, function () {
          setTimeout(open, 30000);
        });
      };
    }

    function active() {
      var now = Date.now();
      if (now - lastActive > 60000 && socket && socket.readyState === WebSocket.OPEN) {
        lastActive = now;
        socket.send(JSON.stringify({ type: "active" }));
      }
    }

    ["keydown", "mousedown", "mousemove", "touchstart", "focus"].forEach(function (name) {
      window.addEventListener(name, active, { passive: true });
    });
    open();
  }

  function notifyQueued(event) {
    if (event.type === "handoff_queued") feedback(T.new_handoff_title, false);
  }

  function concerns(event, handoffId) {
    var id = event.handoff_id !== undefined ? event.handoff_id : event.handoff && event.handoff.id;
    return String(id) === String(handoffId);
  }

  // ---- login ----
  function loginPage() {
    $("login-form").addEventListener("submit", async function (event) {
      event.preventDefault();
      feedback(T.login_working, false);
      try {
        await api("POST", "/console/api/login", {
          username: $("username").value,
          password: $("password").value,
        });
        location.assign("/console/queue");
      } catch (error) {
        $("password").value = "";
        feedback(error.message, true);
      }
    });
  }

  // ---- queue ----
  function handoffRow(handoff) {
    var urgent = handoff.urgent ? el("span", { class: "badge urgent" }, [T.urgent]) : null;
    var actions = [el("a", { href: "/console/handoffs/" + handoff.id }, [T.open])];
    if (handoff.status === "waiting") {
      actions.push(" ");
      actions.push(el("button", { type: "button", "data-claim": handoff.id }, [T.claim]));
    }
    return el("tr", { class: handoff.urgent ? "urgent" : "", "data-id": handoff.id }, [
      el("td", {}, [urgent]),
      el("td", {}, [stamp(handoff.waiting_since)]),
      el("td", {}, [handoff.language]),
      el("td", {}, [handoff.channel]),
      el("td", { class: "summary" }, [handoff.summary || ""]),
      el("td", {}, [handoff.caseworker || T.nobody]),
      el("td", {}, actions),
    ]);
  }

  function fillTable(id, handoffs) {
    var tbody = $(id).querySelector("tbody");
    var rows = handoffs.map(handoffRow);
    if (!rows.length) rows = [el("tr", { class: "empty" }, [el("td", { colspan: "7" }, [T.no_handoffs])])];
    tbody.replaceChildren.apply(tbody, rows);
    $(id + "-count").textContent = String(handoffs.length);
  }

  function queuePage() {
    var title = document.title;
    var refresh = coalesce(async function () {
      var lists = await Promise.all([
        api("GET", "/console/api/handoffs?status=waiting"),
        api("GET", "/console/api/handoffs?status=active"),
      ]);
      fillTable("waiting", lists[0]);
      fillTable("active", lists[1]);
      document.title = lists[0].length ? "(" + lists[0].length + ") " + title : title;
    });
    document.addEventListener("click", async function (event) {
      var button = event.target.closest("[data-claim]");
      if (!button) return;
      button.disabled = true;
      try {
        await api("POST", "/console/api/handoffs/" + button.dataset.claim + "/claim");
        location.assign("/console/handoffs/" + button.dataset.claim);
      } catch (error) {
        failed(error);
        refresh();
      }
    });
    connectLive(function (event) {
      notifyQueued(event);
      if (event.type !== "hello") refresh();
    });
    refresh();
  }

  // ---- notes (handoff and referral pages) ----
  function noteItem(note) {
    return el("li", { class: "note" }, [
      el("span", { class: "meta" }, [(note.author || T.nobody) + " · " + stamp(note.created_at)]),
      el("p", { class: "text" }, [note.text]),
    ]);
  }

  function notesPart(url) {
    var form = $("note-form");
    if (!form) return;
    var list = $("notes");
    async function refresh() {
      var found = await api("GET", url);
      list.replaceChildren.apply(list, found.map(noteItem));
    }
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      var text = $("note-text").value;
      if (!text.trim()) return;
      try {
        await api("POST", url, { text: text });
        $("note-text").value = "";
        await refresh();
        feedback(T.done, false);
      } catch (error) {
        failed(error);
      }
    });
  }

  // ---- a handoff's chat ----
  function messageItem(message) {
    var who = message.from === "person" ? T.from_person : T.from_caseworker;
    return el("li", { class: "msg " + message.from, "data-id": message.id }, [
      el("span", { class: "meta" }, [who + " · " + stamp(message.created_at)]),
      el("p", { class: "text" }, [message.text]),
    ]);
  }

  function stateOf(handoff) {
    if (handoff.status === "waiting") return "waiting";
    if (handoff.status === "closed") return "closed";
    return handoff.caseworker === body.dataset.username ? "mine" : "other";
  }

  function handoffPage() {
    var id = body.dataset.handoffId;
    var base = "/console/api/handoffs/" + id;
    var hints = { waiting: T.must_claim, other: T.handled_by_other, closed: T.handoff_closed, mine: "" };

    function applyState(state) {
      body.dataset.state = state;
      $("claim").hidden = state !== "waiting";
      $("close").hidden = state !== "mine";
      $("transfer-form").hidden = state !== "mine";
      $("send-form").hidden = state !== "mine";
      $("chat-hint").textContent = hints[state];
    }

    var refreshFacts = coalesce(async function () {
      var handoff = await api("GET", base);
      var values = {
        status: handoff.status,
        urgent: handoff.urgent ? T.yes : T.no,
        language: handoff.language,
        channel: handoff.channel,
        waiting_since: stamp(handoff.waiting_since),
        caseworker: handoff.caseworker || T.nobody,
        summary: handoff.summary || "",
      };
      Object.keys(values).forEach(function (name) {
        var cell = document.querySelector('[data-fact="' + name + '"]');
        if (cell) cell.textContent = values[name];
      });
      applyState(stateOf(handoff));
    });

    var list = $("messages");
    var refreshMessages = coalesce(async function () {
      var found = await api("GET", base + "/messages");
      list.replaceChildren.apply(list, found.map(messageItem));
      list.scrollTop = list.scrollHeight;
    });

    async function act(url, data) {
      try {
        await api("POST", url, data);
        feedback(T.done, false);
      } catch (error) {
        failed(error);
      }
      refreshFacts();
    }

    $("claim").addEventListener("click", function () {
      act(base + "/claim");
    });
    $("close").addEventListener("click", function () {
      if (window.confirm(T.close_confirm)) act(base + "/close");
    });
    $("transfer-form").addEventListener("submit", function (event) {
      event.preventDefault();
      act(base + "/transfer", { to: $("transfer-to").value });
    });

    var text = $("message-text");
    async function send() {
      if (!text.value.trim()) return;
      var button = $("send-form").querySelector("button");
      button.disabled = true;
      try {
        await api("POST", base + "/messages", { text: text.value });
        text.value = "";
        feedback("", false);
        await refreshMessages();
      } catch (error) {
        failed(error);
        refreshFacts();
      } finally {
        button.disabled = false;
        text.focus();
      }
    }
    $("send-form").addEventListener("submit", function (event) {
      event.preventDefault();
      send();
    });
    text.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        send();
      }
    });

    notesPart(base + "/notes");
    applyState(body.dataset.state);
    list.scrollTop = list.scrollHeight;
    connectLive(function (event) {
      notifyQueued(event);
      if (!concerns(event, id)) return;
      if (event.type === "person_message" || event.type === "caseworker_message") refreshMessages();
      else refreshFacts();
    });
  }

  // ---- a referral ----
  function referralPage() {
    var base = "/console/api/referrals/" + body.dataset.referralId;
    document.addEventListener("click", async function (event) {
      var button = event.target.closest("[data-status]");
      if (!button) return;
      try {
        await api("POST", base + "/status", { status: button.dataset.status });
        location.reload();
      } catch (error) {
        failed(error);
      }
    });
    notesPart(base + "/notes");
    connectLive(notifyQueued);
  }

  // ---- accounts ----
  function usersPage() {
    $("user-form").addEventListener("submit", async function (event) {
      event.preventDefault();
      try {
        await api("POST", "/console/api/users", {
          username: $("new-username").value,
          role: $("new-role").value,
          password: $("new-password").value,
        });
        location.reload();
      } catch (error) {
        failed(error);
      }
    });
    document.addEventListener("click", async function (event) {
      var unlock = event.target.closest("[data-unlock]");
      var remove = event.target.closest("[data-remove]");
      try {
        if (unlock) {
          await api("POST", "/console/api/users/" + encodeURIComponent(unlock.dataset.unlock) + "/unlock");
          location.reload();
        } else if (remove && window.confirm(T.remove_confirm)) {
          await api("DELETE", "/console/api/users/" + encodeURIComponent(remove.dataset.remove));
          location.reload();
        }
      } catch (error) {
        failed(error);
      }
    });
    connectLive(notifyQueued);
  }

  var logout = $("logout");
  if (logout) {
    logout.addEventListener("click", async function () {
      try {
        await api("POST", "/console/api/logout");
      } finally {
        location.assign(LOGIN);
      }
    });
  }

  var pages = {
    login: loginPage,
    queue: queuePage,
    handoff: handoffPage,
    referral: referralPage,
    users: usersPage,
    referrals: function () {
      connectLive(notifyQueued);
    },
    stats: function () {
      connectLive(notifyQueued);
    },
  };
  if (pages[page]) pages[page]();
})();
