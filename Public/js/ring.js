// A ring tone made with the Web Audio API: no audio file needed.
// Browsers only let a page make sound after a user gesture, so unlockAudio() runs on the first click.

let ctx = null;
let timer = 0;
let voices = [];

export function unlockAudio() {
  const AC = window.AudioContext || window.webkitAudioContext;
  if (!AC) return;
  try {
    if (!ctx) ctx = new AC();
    if (ctx.state === 'suspended') ctx.resume().catch(() => {});
  } catch { ctx = null; }
}

export const isRinging = () => timer !== 0;

function burst() {
  if (!ctx || ctx.state !== 'running') return;
  const t0 = ctx.currentTime + 0.02;
  const master = ctx.createGain();
  master.gain.value = 0.18;
  master.connect(ctx.destination);
  // Two short trills, like a desk phone: a pair of tones warbling at 20 Hz.
  for (const offset of [0, 0.55]) {
    const env = ctx.createGain();
    env.gain.setValueAtTime(0, t0 + offset);
    env.gain.linearRampToValueAtTime(1, t0 + offset + 0.02);
    env.gain.setValueAtTime(1, t0 + offset + 0.38);
    env.gain.linearRampToValueAtTime(0, t0 + offset + 0.42);
    env.connect(master);
    const warble = ctx.createGain();
    warble.gain.value = 0.5;
    const lfo = ctx.createOscillator();
    lfo.type = 'square';
    lfo.frequency.value = 20;
    const lfoDepth = ctx.createGain();
    lfoDepth.gain.value = 0.5;
    lfo.connect(lfoDepth).connect(warble.gain);
    warble.connect(env);
    for (const freq of [880, 1100]) {
      const osc = ctx.createOscillator();
      osc.type = 'sine';
      osc.frequency.value = freq;
      osc.connect(warble);
      osc.start(t0 + offset);
      osc.stop(t0 + offset + 0.45);
      voices.push(osc);
      osc.addEventListener('ended', () => { voices = voices.filter((v) => v !== osc); });
    }
    lfo.start(t0 + offset);
    lfo.stop(t0 + offset + 0.45);
    voices.push(lfo);
    lfo.addEventListener('ended', () => { voices = voices.filter((v) => v !== lfo); });
  }
}

export function startRing() {
  if (timer) return;
  unlockAudio();
  burst();
  timer = setInterval(burst, 3000);
}

export function stopRing() {
  if (!timer) return;
  clearInterval(timer);
  timer = 0;
  for (const v of voices) { try { v.stop(); } catch { /* already stopped */ } }
  voices = [];
}
