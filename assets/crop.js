// Crop editor: a frame of the cover's shape over the photo, dragged with a pointer or the arrow
// keys, zoomed with the slider, the wheel or +/-; it stays inside the photo and the form's four
// numbers (original pixels, what the server checks and saves) follow it, with the resolution
// the crop prints at. Without this script the numbers are the form.
(() => {
  'use strict';
  const editor = document.getElementById('crop-editor');
  if (!editor) return;
  const d = editor.dataset;
  const pw = Number(d.photoWidth), ph = Number(d.photoHeight);
  const ratio = Number(d.printWidth) / Number(d.printHeight);
  const widthIn = Number(d.printWidthIn), minDpi = Number(d.minDpi);
  const stage = document.getElementById('crop-stage');
  const img = stage.querySelector('img');
  const frame = document.getElementById('crop-frame');
  const zoom = document.getElementById('crop-zoom');
  const out = document.getElementById('crop-dpi');
  const suggest = document.getElementById('crop-suggest');
  const field = (id) => document.getElementById(id);
  const fx = field('crop-x'), fy = field('crop-y'), fw = field('crop-w'), fh = field('crop-h');
  const maxW = Math.max(16, Math.min(pw, Math.floor(ph * ratio)));
  let c = { x: Number(fx.value), y: Number(fy.value), w: Number(fw.value) };

  // The trim line and the safe area inside the frame (the frame is the printed area with bleed).
  const printW = Number(d.printWidth), printH = Number(d.printHeight);
  const inset = (el, mm) => {
    if (!el) return;
    el.style.left = el.style.right = `${(mm / printW) * 100}%`;
    el.style.top = el.style.bottom = `${(mm / printH) * 100}%`;
  };
  inset(document.getElementById('crop-trim'), Number(d.bleed));
  inset(document.getElementById('crop-safe'), Number(d.bleed) + Number(d.safe));

  const heightOf = (w) => Math.round(w / ratio);
  function clamp() {
    c.w = Math.round(Math.min(maxW, Math.max(16, c.w)));
    c.x = Math.round(Math.min(pw - c.w, Math.max(0, c.x)));
    c.y = Math.round(Math.min(ph - heightOf(c.w), Math.max(0, c.y)));
  }
  function level(dpi) {
    if (dpi >= minDpi) return d.fit;
    return dpi >= 0.85 * minDpi ? d.tight : d.unfit;
  }
  function draw() {
    clamp();
    const scale = img.clientWidth / pw;
    const h = heightOf(c.w);
    frame.style.left = `${c.x * scale}px`;
    frame.style.top = `${c.y * scale}px`;
    frame.style.width = `${c.w * scale}px`;
    frame.style.height = `${h * scale}px`;
    fx.value = c.x; fy.value = c.y; fw.value = c.w; fh.value = h;
    zoom.value = String(Math.round((c.w / maxW) * 100));
    const dpi = c.w / widthIn;
    const text = `${Math.round(dpi)} dpi — ${level(dpi)}`;
    out.value = text;
    frame.setAttribute('aria-valuetext', `${c.x}, ${c.y}, ${c.w} × ${h} — ${text}`);
  }
  // Zooms around the frame's centre.
  function resize(w) {
    const cx = c.x + c.w / 2, cy = c.y + heightOf(c.w) / 2;
    c.w = w;
    c.x = cx - c.w / 2;
    c.y = cy - heightOf(c.w) / 2;
    draw();
  }

  let drag = null;
  frame.addEventListener('pointerdown', (e) => {
    drag = { id: e.pointerId, sx: e.clientX, sy: e.clientY, x: c.x, y: c.y };
    frame.setPointerCapture(e.pointerId);
    e.preventDefault();
  });
  frame.addEventListener('pointermove', (e) => {
    if (!drag || drag.id !== e.pointerId) return;
    const scale = img.clientWidth / pw;
    c.x = drag.x + (e.clientX - drag.sx) / scale;
    c.y = drag.y + (e.clientY - drag.sy) / scale;
    draw();
  });
  const end = () => { drag = null; };
  frame.addEventListener('pointerup', end);
  frame.addEventListener('pointercancel', end);
  stage.addEventListener('wheel', (e) => {
    e.preventDefault();
    resize(c.w * (e.deltaY > 0 ? 1.05 : 1 / 1.05));
  }, { passive: false });
  frame.addEventListener('keydown', (e) => {
    const step = Math.max(1, Math.round(pw / 100)) * (e.shiftKey ? 10 : 1);
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (moves[e.key]) {
      c.x += moves[e.key][0];
      c.y += moves[e.key][1];
      draw();
    } else if (e.key === '+' || e.key === '=') {
      resize(c.w * 1.05);
    } else if (e.key === '-') {
      resize(c.w / 1.05);
    } else {
      return;
    }
    e.preventDefault();
  });
  zoom.addEventListener('input', () => resize((Number(zoom.value) / 100) * maxW));
  for (const f of [fx, fy, fw]) {
    f.addEventListener('change', () => {
      c = { x: Number(fx.value), y: Number(fy.value), w: Number(fw.value) };
      draw();
    });
  }
  fh.readOnly = true;
  suggest.addEventListener('click', () => {
    const [x, y, w] = d.suggested.split(',').map(Number);
    c = { x, y, w };
    draw();
  });
  for (const el of [frame, zoom.parentElement, suggest]) el.hidden = false;
  window.addEventListener('resize', draw);
  if (img.complete) draw(); else img.addEventListener('load', draw);
})();
