/* convene.js: quick exit replaces this page in the history and leaves at once;
 * the Escape key does the same. Pages work without it: the link still leaves. */
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
	document.addEventListener("keydown", function (event) {
		if (event.key === "Escape") leave(event);
	});
})();
