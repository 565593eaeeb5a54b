// Live feed of new detections over Server-Sent Events (GET /api/v1/events, same-origin cookie session).
const listeners = new Set();
let source = null;

export function onDetection(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function startLive(statusEl) {
  stopLive();
  source = new EventSource('/api/v1/events');
  source.addEventListener('open', () => {
    statusEl.textContent = 'live';
    statusEl.classList.add('on');
  });
  source.addEventListener('error', () => {
    // EventSource reconnects by itself (retry: from the server) and resumes with Last-Event-ID.
    statusEl.textContent = 'reconnecting…';
    statusEl.classList.remove('on');
  });
  source.addEventListener('detection', (e) => {
    let d;
    try {
      d = JSON.parse(e.data);
    } catch {
      return;
    }
    for (const fn of listeners) fn(d);
  });
}

export function stopLive() {
  source?.close();
  source = null;
}
