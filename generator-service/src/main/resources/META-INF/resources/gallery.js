// The gallery: plain DOM and fetch against the public API, no build step.
'use strict';

const $ = (id) => document.getElementById(id);
const api = '/api/v1';
const params = new URLSearchParams(location.search);
let models = [];

function setStatus(element, text, isError) {
  element.textContent = text;
  element.classList.toggle('error', Boolean(isError));
}

async function problemText(response) {
  try {
    const problem = await response.json();
    return `${problem.status} ${problem.title}: ${problem.detail || ''}`;
  } catch (e) {
    return `HTTP ${response.status}`;
  }
}

function current() {
  return models.find((m) => m.name === $('model').value);
}

function activeMetadata(model) {
  const active = model && model.versions.find((v) => v.version === model.activeVersion);
  return active ? active.metadata : null;
}

// Images report their real size into the DOM once decoded, so a headless browser test can see they loaded.
function load(img, url) {
  return new Promise((resolve) => {
    img.onload = () => {
      img.dataset.loaded = `${img.naturalWidth}x${img.naturalHeight}`;
      resolve(true);
    };
    img.onerror = () => {
      img.dataset.loaded = 'error';
      resolve(false);
    };
    delete img.dataset.loaded;
    img.src = url;
  });
}

async function loadModels() {
  const response = await fetch(`${api}/models`);
  if (!response.ok) {
    setStatus($('status'), await problemText(response), true);
    return;
  }
  models = await response.json();
  const select = $('model');
  const wanted = params.get('model') || select.value;
  select.innerHTML = '';
  for (const model of models) {
    const option = new Option(`${model.name}${model.activeVersion ? ' v' + model.activeVersion : ' (not serving)'}`,
        model.name);
    select.add(option);
  }
  if (models.some((m) => m.name === wanted)) {
    select.value = wanted;
  }
  if (models.length === 0) {
    setStatus($('status'), 'No model received yet; the page refreshes when you press Generate.');
  }
  showModel();
}

function showModel() {
  const model = current();
  const metadata = activeMetadata(model);
  const labelField = $('label-field');
  const labels = $('label');
  labels.innerHTML = '';
  if (metadata && metadata.labelCount > 0) {
    labels.add(new Option('every class', ''));
    metadata.labelNames.forEach((name, index) => labels.add(new Option(`${index}: ${name}`, String(index))));
    labelField.hidden = false;
  } else {
    labelField.hidden = true;
  }
  showCodes(metadata);
  const dl = $('metadata');
  dl.innerHTML = '';
  if (metadata) {
    const rows = {
      architecture: metadata.architecture, dataset: metadata.dataset, 'latent': `${metadata.latentSize} (${metadata.latentDistribution})`,
      output: `${metadata.outputKind} ${JSON.stringify(metadata.outputShape)}`, 'training run': metadata.runId,
      steps: metadata.step, created: metadata.createdAt, 'active because': model.activeBecause,
    };
    for (const [name, value] of Object.entries(metadata.metrics || {})) {
      rows[`metric ${name}`] = Number(value).toFixed(3);
    }
    for (const [term, value] of Object.entries(rows)) {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value === undefined || value === null ? '' : String(value);
      dl.append(dt, dd);
    }
  }
  const body = $('versions').querySelector('tbody');
  body.innerHTML = '';
  const versionSelect = $('version');
  versionSelect.innerHTML = '';
  for (const version of (model ? model.versions : [])) {
    const row = body.insertRow();
    row.className = version.state;
    [version.version, version.state, version.reason || '', version.receivedAt || ''].forEach((text) => {
      row.insertCell().textContent = String(text);
    });
    if (version.state !== 'rejected' && version.state !== 'evicted') {
      versionSelect.add(new Option(`v${version.version} (${version.state})`, String(version.version)));
    }
  }
  const form = $('retrain').elements;
  form.model.value = model ? model.name : '';
  if (metadata) {
    // Retraining usually means "same again, longer": start from what the serving version was.
    form.architecture.value = metadata.architecture;
    form.dataset.value = metadata.dataset;
  }
}

// InfoGAN models: a category picker and one slider per continuous code (their values go with every request).
function showCodes(metadata) {
  const codes = metadata && metadata.latentCodes;
  $('codes-field').hidden = !codes;
  $('sweep-section').hidden = !codes || codes.continuous === 0;
  const category = $('code');
  const sliders = $('continuous-codes');
  const vary = $('vary');
  category.innerHTML = '';
  sliders.innerHTML = '';
  vary.innerHTML = '';
  if (!codes) {
    return;
  }
  category.add(new Option('random', ''));
  for (let k = 0; k < codes.categories; k++) {
    category.add(new Option(String(k), String(k)));
  }
  for (let j = 1; j <= codes.continuous; j++) {
    const label = document.createElement('label');
    label.textContent = `c${j} `;
    const slider = document.createElement('input');
    Object.assign(slider, { type: 'range', min: '-1', max: '1', step: '0.1', value: '0', id: `c${j}` });
    label.append(slider);
    sliders.append(label);
    vary.add(new Option(`c${j}`, String(j)));
  }
}

function addCodes(query) {
  if ($('codes-field').hidden) {
    return;
  }
  if ($('code').value !== '') {
    query.set('code', $('code').value);
  }
  const values = [...$('continuous-codes').querySelectorAll('input')].map((slider) => slider.value);
  if (values.length > 0) {
    query.set('c', values.join(','));
  }
}

async function sweep() {
  const model = current();
  if (!model) {
    return;
  }
  const query = new URLSearchParams({ seed: $('seed').value, vary: $('vary').value, steps: '8' });
  if ($('code').value !== '') {
    query.set('code', $('code').value);
  }
  await fetchImage(`${api}/models/${encodeURIComponent(model.name)}/sweep?${query}`, $('sweep-grid'));
}

// fetch first: a failed request shows its problem detail instead of a broken image.
async function fetchImage(url, img) {
  const response = await fetch(url);
  if (!response.ok) {
    setStatus($('status'), await problemText(response), true);
    return;
  }
  await load(img, URL.createObjectURL(await response.blob()));
}

async function generate() {
  const model = current();
  if (!model) {
    await loadModels();
    return;
  }
  const query = new URLSearchParams({ count: $('count').value, seed: $('seed').value, format: 'png' });
  if ($('label').value !== '' && !$('label-field').hidden) {
    query.set('label', $('label').value);
  }
  addCodes(query);
  const url = `${api}/models/${encodeURIComponent(model.name)}/samples?${query}`;
  setStatus($('status'), 'generating…');
  const started = performance.now();
  // fetch first: a failed request shows its problem detail instead of a broken image.
  const response = await fetch(url);
  if (!response.ok) {
    setStatus($('status'), await problemText(response), true);
    return;
  }
  const blob = await response.blob();
  $('served-version').textContent = `version ${response.headers.get('X-Model-Version')}, seed ${response.headers.get('X-Seed')}`;
  const ok = await load($('grid'), URL.createObjectURL(blob));
  setStatus($('status'), ok ? `done in ${Math.round(performance.now() - started)} ms` : 'image failed to decode', !ok);
}

async function interpolate() {
  const model = current();
  if (!model) {
    return;
  }
  const query = new URLSearchParams({ from: $('from').value, to: $('to').value, steps: $('steps').value });
  if ($('label').value !== '' && !$('label-field').hidden) {
    query.set('label', $('label').value);
  }
  await fetchImage(`${api}/models/${encodeURIComponent(model.name)}/interpolate?${query}`, $('strip'));
}

async function operatorCall(method, path, body) {
  const headers = { Authorization: `Bearer ${$('token').value}` };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(`${api}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) {
    setStatus($('operator-status'), await problemText(response), true);
    return null;
  }
  return response.json();
}

async function pin(pinIt) {
  const model = current();
  if (!model) {
    return;
  }
  const path = `/models/${encodeURIComponent(model.name)}/pin`;
  const result = pinIt
    ? await operatorCall('PUT', path, { version: Number($('version').value) })
    : await operatorCall('DELETE', path);
  if (result) {
    setStatus($('operator-status'), `${result.name} now serves v${result.activeVersion} (${result.activeBecause})`);
    await loadModels();
    await generate();
  }
}

async function retrain(event) {
  event.preventDefault();
  const form = event.target.elements;
  const result = await operatorCall('POST', '/retrain', {
    model: form.model.value, architecture: form.architecture.value, dataset: form.dataset.value,
    epochs: Number(form.epochs.value), seed: Number(form.seed.value),
  });
  if (result) {
    setStatus($('operator-status'), `retraining requested: event ${result.id} on ${result.topic}`);
  }
}

$('model').addEventListener('change', () => { showModel(); generate(); interpolate(); });
$('generate').addEventListener('click', generate);
$('random-seed').addEventListener('click', () => { $('seed').value = Math.floor(Math.random() * 1e9); generate(); });
$('interpolate').addEventListener('click', interpolate);
$('sweep').addEventListener('click', sweep);
$('pin').addEventListener('click', () => pin(true));
$('unpin').addEventListener('click', () => pin(false));
$('retrain').addEventListener('submit', retrain);
$('token').value = sessionStorage.getItem('ganforge-token') || '';
$('token').addEventListener('change', () => sessionStorage.setItem('ganforge-token', $('token').value));

(async () => {
  if (params.has('seed')) {
    $('seed').value = params.get('seed');
  }
  await loadModels();
  await generate();
  await interpolate();
})();
