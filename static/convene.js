/* convene.js: quick exit replaces this page in the history and leaves at once;
 * pressing Shift three times does the same (GOV.UK's "Exit this page"), but
 * not while typing in a field, and only on pages with the button. Escape is
 * left alone: browsers use it to stop loading. Without script the link
 * still leaves. */
(function () {
	"use strict";
	function leave(event) {
		var link = document.getElementById("quick-exit");
		if (!link) return;
		if (event) event.preventDefault();
		document.body.style.display = "none";
		window.location.replace(link.href);
	}
	document.addEventListener("DOMContentLoaded", function () {
		var link = document.getElementById("quick-exit");
		if (link) link.addEventListener("click", leave);
	});
	var presses = 0, timer = null;
	function typing(t) {
		return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
	}
	document.addEventListener("keyup", function (event) {
		if (event.key !== "Shift" || typing(event.target) ||
		    !document.getElementById("quick-exit")) {
			if (event.key !== "Shift") presses = 0;
			return;
		}
		presses++;
		clearTimeout(timer);
		timer = setTimeout(function () { presses = 0; }, 5000);
		if (presses >= 3) leave(event);
	});
})();

/* The door page's live count: refreshed every five seconds while open. */
(function () {
	"use strict";
	document.addEventListener("DOMContentLoaded", function () {
		var present = document.getElementById("present");
		var checkedIn = document.getElementById("checked-in");
		if (!present || !present.dataset.countUrl || !window.fetch) return;
		setInterval(function () {
			fetch(present.dataset.countUrl, { credentials: "same-origin" })
				.then(function (r) { return r.ok ? r.json() : null; })
				.then(function (j) {
					if (!j) return;
					present.textContent = j.present;
					if (checkedIn) checkedIn.textContent = j.checked_in;
				})
				.catch(function () {});
		}, 5000);
	});
})();

/* The Q&A: questions arrive over server-sent events and are placed in
 * order; without JavaScript the page still works by reloading. */
(function () {
	"use strict";
	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls) e.className = cls;
		if (text !== undefined) e.textContent = text;
		return e;
	}
	/* The page's words, in its language (data-t-* on the list). */
	function t(list, key, fallback) {
		return list.dataset[key] || fallback;
	}
	function item(list, q, voted) {
		var li = el("li", "question"), code = list.dataset.code;
		li.id = "q-" + q.id;
		li.dataset.id = q.id;
		if (voted) { li.classList.add("voted"); li.dataset.voted = "1"; }
		li.dataset.votes = q.votes;
		if (q.pinned) { li.classList.add("pinned"); li.appendChild(el("p", "tag", t(list, "tPinned", "Being answered now"))); }
		else if (q.answered) { li.classList.add("answered"); li.appendChild(el("p", "tag", t(list, "tAnswered", "Answered"))); }
		li.appendChild(el("p", "q-text", q.text));
		var meta = el("p", "q-meta");
		meta.appendChild(el("span", "q-name", q.name || t(list, "tAnonymous", "Anonymous")));
		meta.appendChild(document.createTextNode(" · "));
		meta.appendChild(el("span", "q-votes", String(q.votes)));
		meta.appendChild(document.createTextNode(" "));
		meta.appendChild(el("span", "q-votes-word", q.votes === 1 ? t(list, "tVoteOne", "vote") : t(list, "tVoteMany", "votes")));
		li.appendChild(meta);
		if (voted && !list.dataset.present) {
			var sign = el("p", "voted-sign");
			var tick = el("span", null, "\u2713");
			tick.setAttribute("aria-hidden", "true");
			sign.appendChild(tick);
			sign.appendChild(document.createTextNode(" " + t(list, "tVoted", "You voted for this question")));
			li.appendChild(sign);
		} else if (q.status === "approved" && !list.dataset.present) {
			var f = el("form", "vote");
			f.method = "post";
			f.action = "/qa/" + code + "/questions/" + q.id + "/vote";
			var b = el("button", "small secondary", t(list, "tVote", "Vote"));
			b.type = "submit";
			b.appendChild(el("span", "visually-hidden", " " + t(list, "tVoteFor", "for this question")));
			f.appendChild(b);
			li.appendChild(f);
		}
		return li;
	}
	function rank(li, byNew) {
		var pinned = li.classList.contains("pinned") ? 1 : 0;
		var answered = li.classList.contains("answered") ? 1 : 0;
		return [answered, -pinned, byNew ? -Number(li.dataset.id) : -Number(li.dataset.votes), Number(li.dataset.id)];
	}
	function place(list) {
		var byNew = list.dataset.sort === "new";
		var items = Array.prototype.slice.call(list.children);
		items.sort(function (a, b) {
			var x = rank(a, byNew), y = rank(b, byNew);
			for (var i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
			return 0;
		});
		items.forEach(function (li, i) {
			var max = Number(list.dataset.max || 6);
			if (list.dataset.present && i >= max) li.hidden = true; else li.hidden = false;
			list.appendChild(li);
		});
		var empty = document.querySelector("p.empty");
		if (empty) empty.hidden = items.length > 0;
	}
	document.addEventListener("DOMContentLoaded", function () {
		var list = document.getElementById("questions");
		if (!list || !list.dataset.stream || !window.EventSource) return;
		list.querySelectorAll("li.question").forEach(function (li) {
			var v = li.querySelector(".q-votes");
			li.dataset.votes = v ? v.textContent : "0";
		});
		var es = new EventSource(list.dataset.stream);
		es.addEventListener("question", function (ev) {
			var q = JSON.parse(ev.data);
			var old = list.querySelector('li[data-id="' + q.id + '"]');
			var show = q.status === "approved" || (q.status === "answered" && !list.dataset.present);
			var voted = old && old.dataset.voted === "1";
			if (old) old.remove();
			if (show) list.appendChild(item(list, q, voted));
			place(list);
		});
		/* After a reconnect the server could not bring the list up to
		 * date (what was missed is no longer kept): load it afresh, so
		 * nothing a moderator hid stays on a screen. */
		es.addEventListener("reload", function () {
			window.location.reload();
		});
	});
})();

/* The moderator's queue keeps itself up to date: the moderators' stream says
 * something changed, the page is fetched again and its lists merged in,
 * leaving alone any card being edited (its open "Fix a typo", what is typed
 * there, the focus). Actions are sent in the background, so nothing typed
 * elsewhere on the page is lost. Without script it is a page of forms. */
(function () {
	"use strict";
	var queue, busy = false, again = false, timer = null;
	function editing(li) {
		var d = li.querySelector("details"), t = li.querySelector("textarea");
		return (d && d.open) || (t && (t.value !== t.defaultValue ||
		    document.activeElement === t));
	}
	function merge(doc) {
		var fresh = doc.getElementById("mod-queue");
		if (!fresh) return;
		var kept = {};
		queue.querySelectorAll("li.question[data-id]").forEach(function (li) {
			if (editing(li)) kept[li.dataset.id] = li;
		});
		fresh.querySelectorAll("ol.questions[id]").forEach(function (fl) {
			var list = document.getElementById(fl.id), cursor = null;
			if (!list) return;
			Array.prototype.slice.call(list.children).forEach(function (c) {
				if (!kept[c.dataset.id]) c.remove();
			});
			Array.prototype.slice.call(fl.children).forEach(function (f) {
				var id = f.dataset.id;
				if (kept[id]) {
					if (kept[id].parentNode === list) cursor = kept[id];
					return;	/* the card being edited stays put */
				}
				var node = document.importNode(f, true);
				if (cursor) cursor.after(node); else list.prepend(node);
				cursor = node;
			});
		});
		["mod-waiting", "head-pending", "head-approved", "head-answered",
		    "head-hidden"].forEach(function (id) {
			var a = document.getElementById(id), b = doc.getElementById(id);
			if (a && b) a.textContent = b.textContent;
		});
		["none-pending", "none-approved", "none-answered", "none-hidden"].forEach(function (id) {
			var a = document.getElementById(id), b = doc.getElementById(id);
			if (a && b) a.hidden = b.hidden;
		});
		var ma = document.getElementById("mod-mode"), mb = doc.getElementById("mod-mode");
		if (ma && mb) ma.innerHTML = mb.innerHTML;
		if (doc.title) document.title = doc.title;
	}
	function refresh() {
		if (busy) { again = true; return; }
		busy = true;
		fetch(window.location.pathname, { credentials: "same-origin" })
			.then(function (r) { return r.ok ? r.text() : null; })
			.then(function (html) {
				if (html) merge(new DOMParser().parseFromString(html, "text/html"));
			})
			.catch(function () {})
			.then(function () {
				busy = false;
				if (again) { again = false; refresh(); }
			});
	}
	function soon() {
		clearTimeout(timer);
		timer = setTimeout(refresh, 150);
	}
	function problem(text) {
		var p = document.getElementById("mod-error");
		if (!p) return;
		p.textContent = text || "";
		p.hidden = !text;
	}
	function send(form, event) {
		event.preventDefault();
		var button = form.querySelector("button[type=submit]");
		if (button) button.disabled = true;
		/* form.action would be the field named "action". */
		fetch(form.getAttribute("action"), {
			method: "POST", credentials: "same-origin",
			body: new URLSearchParams(new FormData(form))
		}).then(function (r) {
			return r.text().then(function (html) {
				var doc = new DOMParser().parseFromString(html, "text/html");
				if (!r.ok) {
					var h = doc.querySelector("main h1");
					problem((h ? h.textContent : queue.dataset.tFailed || "That did not work") +
					    " " + (queue.dataset.tKept || "(nothing else on this page was lost)."));
					return;
				}
				problem("");
				var t = form.querySelector("textarea");
				if (t) t.defaultValue = t.value;
				var d = form.closest("details");
				if (d) d.open = false;
				merge(doc);
			});
		}).catch(function () {
			problem(queue.dataset.tOffline || "The server could not be reached; try again.");
		}).then(function () {
			if (button) button.disabled = false;
		});
	}
	document.addEventListener("DOMContentLoaded", function () {
		queue = document.getElementById("mod-queue");
		if (!queue || !window.fetch || !window.DOMParser) return;
		queue.addEventListener("submit", function (event) {
			var form = event.target;
			if ((form.getAttribute("method") || "").toLowerCase() === "post") send(form, event);
		});
		if (!queue.dataset.stream || !window.EventSource) return;
		var es = new EventSource(queue.dataset.stream);
		es.addEventListener("question", soon);
		/* Missed more than can be replayed: the fetch brings it all. */
		es.addEventListener("reload", soon);
		es.addEventListener("open", function () {
			queue.querySelectorAll(".mod-refresh").forEach(function (e) { e.hidden = true; });
			queue.querySelectorAll(".mod-auto").forEach(function (e) { e.hidden = false; });
		});
		es.addEventListener("error", function () {
			queue.querySelectorAll(".mod-refresh").forEach(function (e) { e.hidden = false; });
			queue.querySelectorAll(".mod-auto").forEach(function (e) { e.hidden = true; });
		});
	});
})();

/* The language switch is a plain link; with script, what was typed on the
 * page comes along: kept in this tab for the one page load, put back into
 * the same fields there, then forgotten. Passwords and hidden fields never. */
(function () {
	"use strict";
	var KEY = "convene-typed";
	function kept(field) {
		return field.name && !/^(password|hidden|submit|button|file)$/.test(field.type);
	}
	document.addEventListener("DOMContentLoaded", function () {
		var saved = null;
		try { saved = JSON.parse(window.sessionStorage.getItem(KEY) || "null"); } catch (e) { saved = null; }
		try { window.sessionStorage.removeItem(KEY); } catch (e) { /* storage off */ }
		if (saved && saved.path === window.location.pathname) {
			saved.fields.forEach(function (f) {
				var el = document.querySelectorAll("form [name=\"" + f.name.replace(/"/g, "") + "\"]")[f.i];
				if (!el || !kept(el)) return;
				if (el.type === "checkbox" || el.type === "radio") el.checked = f.checked;
				else el.value = f.value;
			});
		}
		document.querySelectorAll(".lang-switch a").forEach(function (a) {
			a.addEventListener("click", function () {
				var fields = [], count = {};
				document.querySelectorAll("form input, form textarea, form select").forEach(function (el) {
					if (!kept(el)) return;
					var i = count[el.name] = (count[el.name] === undefined ? 0 : count[el.name] + 1);
					if ((el.type === "checkbox" || el.type === "radio") ? el.checked !== el.defaultChecked : el.value !== "")
						fields.push({ name: el.name, i: i, value: el.value, checked: el.checked });
				});
				if (!fields.length) return;
				try {
					window.sessionStorage.setItem(KEY, JSON.stringify({ path: window.location.pathname, fields: fields }));
				} catch (e) { /* storage off: the link still switches */ }
			});
		});
	});
})();
