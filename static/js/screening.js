// The projector player: a title card (title, team) before each finalist, then its video; then the next;
// after the last film an end card. The one player: the organizer's page and the offline package both load it.
// Keys: → / PageDown / N next, ← / PageUp / P previous, Space play/pause (or start from the card), F full screen.
(function () {
  "use strict";
  const items = Array.from(document.querySelectorAll("#playlist-items li")).map((li) => ({
    title: li.dataset.title, team: li.dataset.team, src: li.dataset.src, poster: li.dataset.poster,
  }));
  const card = document.getElementById("card");
  const endCard = document.getElementById("end-card");
  const video = document.getElementById("screen");
  const CARD_SECONDS = 5;
  let index = -1;
  let timer = null;
  window.screening = { items, get index() { return index; }, get showingCard() { return !card.hidden; },
    get finished() { return !endCard.hidden; } };

  function showEnd() {
    clearTimeout(timer);
    video.pause();
    video.hidden = true;
    card.hidden = true;
    endCard.hidden = false;
    index = items.length;
    document.body.dataset.state = "finished";
  }

  function showCard(i) {
    if (i < 0 || i >= items.length) return;
    index = i;
    clearTimeout(timer);
    video.pause();
    endCard.hidden = true;
    document.getElementById("card-order").textContent = (i + 1) + " / " + items.length;
    document.getElementById("card-title").textContent = items[i].title;
    document.getElementById("card-team").textContent = items[i].team;
    video.hidden = true;
    card.hidden = false;
    document.body.dataset.state = "card";
    timer = setTimeout(play, CARD_SECONDS * 1000);
  }

  function play() {
    clearTimeout(timer);
    card.hidden = true;
    video.hidden = false;
    if (video.dataset.index !== String(index)) {
      video.src = items[index].src;
      video.poster = items[index].poster;
      video.dataset.index = String(index);
    }
    document.body.dataset.state = "playing";
    video.play().catch(() => { document.body.dataset.state = "paused"; });
  }

  video.addEventListener("ended", () => {
    if (index + 1 < items.length) showCard(index + 1);
    else showEnd();
  });
  video.addEventListener("pause", () => { if (!video.ended && !video.hidden) document.body.dataset.state = "paused"; });
  video.addEventListener("play", () => { document.body.dataset.state = "playing"; });

  document.addEventListener("keydown", (event) => {
    const key = event.key;
    if (key === "ArrowRight" || key === "PageDown" || key === "n" || key === "N") {
      event.preventDefault();
      if (index + 1 < items.length) showCard(index + 1); else showEnd();
    } else if (key === "ArrowLeft" || key === "PageUp" || key === "p" || key === "P") {
      event.preventDefault(); showCard(Math.max(Math.min(index, items.length) - 1, 0));
    } else if (key === " " || key === "k") {
      event.preventDefault();
      if (!endCard.hidden) return;
      if (!card.hidden) play();
      else if (video.paused) video.play();
      else video.pause();
    } else if (key === "f" || key === "F") {
      if (document.fullscreenElement) document.exitFullscreen();
      else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(() => {});
    }
  });

  if (items.length) showCard(0);
})();
