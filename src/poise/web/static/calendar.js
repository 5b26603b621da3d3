// Drag a planned post onto another day of the calendar to move it there, at the same time of
// day. Only an enhancement: without JavaScript, each post has a "Move" form, which this script
// fills in and sends.
"use strict";

(function () {
  const movable = document.querySelectorAll(".post-item[draggable='true']");
  if (!movable.length) {
    return;
  }

  movable.forEach(function (item) {
    item.addEventListener("dragstart", function (event) {
      event.dataTransfer.setData("text/plain", item.dataset.post);
      event.dataTransfer.effectAllowed = "move";
      item.classList.add("dragging");
    });
    item.addEventListener("dragend", function () {
      item.classList.remove("dragging");
    });
  });

  document.querySelectorAll("td[data-date]").forEach(function (cell) {
    cell.addEventListener("dragover", function (event) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      cell.classList.add("drop-target");
    });
    cell.addEventListener("dragleave", function () {
      cell.classList.remove("drop-target");
    });
    cell.addEventListener("drop", function (event) {
      event.preventDefault();
      cell.classList.remove("drop-target");
      moveTo(event.dataTransfer.getData("text/plain"), cell.dataset.date);
    });
  });

  function moveTo(postId, day) {
    const item = document.getElementById("post-" + postId);
    if (!item || !/^\d+$/.test(postId)) {
      return;
    }
    const form = item.querySelector("form.reschedule-form");
    const input = form && form.querySelector("input[name='at']");
    if (!input || input.value.slice(0, 10) === day) {
      return;
    }
    input.value = day + "T" + item.dataset.time;
    item.classList.add("moving");
    form.submit();
  }
})();
