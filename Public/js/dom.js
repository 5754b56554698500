// Tiny DOM builder. Everything that comes from the server is inserted as text:
// strings become Text nodes, never HTML.

const PROPS = new Set([
  'id', 'value', 'type', 'name', 'href', 'title', 'placeholder', 'disabled', 'checked', 'selected', 'hidden',
  'htmlFor', 'autocomplete', 'required', 'rows', 'min', 'max', 'step', 'tabIndex', 'src', 'preload', 'controls',
  'target', 'rel', 'multiple', 'readOnly', 'autofocus', 'spellcheck', 'inputMode', 'colSpan', 'download',
]);

/**
 * h('button', {class: 'btn', on: {click}, data: {id: 1}}, 'Text', child, [more])
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) applyProps(el, props);
  append(el, children);
  return el;
}

export function applyProps(el, props) {
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false && !PROPS.has(key)) continue;
    if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'data') for (const [k, v] of Object.entries(value)) { if (v !== undefined && v !== null) el.dataset[k] = String(v); }
    else if (key === 'on') for (const [k, v] of Object.entries(value)) el.addEventListener(k, v);
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'aria') for (const [k, v] of Object.entries(value)) el.setAttribute(`aria-${k}`, String(v));
    else if (key === 'attrs') for (const [k, v] of Object.entries(value)) el.setAttribute(k, String(v));
    else if (PROPS.has(key)) el[key] = value;
    else el.setAttribute(key, String(value));
  }
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false || child === '') continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

const SVG = 'http://www.w3.org/2000/svg';
const ICONS = {
  phone: 'M6.6 3.2c.6-.2 1.3.1 1.6.6l1.8 3.3c.3.6.2 1.3-.3 1.7L8.1 10.2c1 2.2 2.7 3.9 4.9 4.9l1.4-1.6c.4-.5 1.1-.6 1.7-.3l3.3 1.8c.6.3.8 1 .6 1.6l-.8 2.4c-.3.8-1 1.3-1.8 1.2C9.9 19.7 4.3 14.1 3.8 6.6c-.1-.8.4-1.5 1.2-1.8z',
  in: 'M17 7 7 17M7 9v8h8',
  out: 'M7 17 17 7M9 7h8v8',
  missed: 'M4 6l7 7 4-4M15 6h4v4',
  user: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 20c0-3.3 3.6-6 8-6s8 2.7 8 6',
  search: 'M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM20 20l-4-4',
  plus: 'M12 5v14M5 12h14',
  bell: 'M6 16V11a6 6 0 1 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0',
  bellOff: 'M6 16V11a6 6 0 0 1 9.5-4.9M18 11v5l2 2H8M10 20a2 2 0 0 0 4 0M4 4l16 16',
  logout: 'M15 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3M10 16l-4-4 4-4M6 12h10',
  close: 'M6 6l12 12M18 6 6 18',
  edit: 'M4 20h4L19 9l-4-4L4 16zM13 7l4 4',
  trash: 'M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13',
  back: 'M15 5l-7 7 7 7',
  expand: 'M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5',
  link: 'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1',
  globe: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM3 12h18M12 3c2.5 2.5 3.8 5.5 3.8 9s-1.3 6.5-3.8 9c-2.5-2.5-3.8-5.5-3.8-9S9.5 5.5 12 3z',
};

export function icon(name, cls = '') {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', `icon icon-${name} ${cls}`.trim());
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', ICONS[name] || ICONS.phone);
  if (name === 'phone') path.setAttribute('class', 'filled');
  svg.append(path);
  return svg;
}

export function debounce(fn, ms) {
  let timer = 0;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}
